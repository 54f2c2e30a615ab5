/**
 * Validation of whole samples ({@link org.segpipe.core.dataset.SampleValidator}) and the problem
 * record ({@link org.segpipe.core.dataset.DataProblem}) shared by inspection and ingest rejects;
 * what an ingested dataset is: its manifest ({@link org.segpipe.core.dataset.DatasetManifest},
 * with the class-frequency table for loss weighting), content hashes
 * ({@link org.segpipe.core.dataset.ContentHash}), the shard plan
 * ({@link org.segpipe.core.dataset.ShardPlan}) and the ingest's config
 * ({@link org.segpipe.core.dataset.IngestConfig}).
 */
package org.segpipe.core.dataset;
