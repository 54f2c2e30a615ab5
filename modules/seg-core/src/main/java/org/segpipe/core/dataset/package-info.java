/**
 * Validation of whole samples ({@link org.segpipe.core.dataset.SampleValidator}) and the problem
 * record ({@link org.segpipe.core.dataset.DataProblem}) shared by inspection and ingest rejects;
 * what a dataset (ingested or augmented) is: its manifest ({@link org.segpipe.core.dataset.DatasetManifest},
 * with the class-frequency table for loss weighting), content hashes
 * ({@link org.segpipe.core.dataset.ContentHash}), the sums its statistics are made of
 * ({@link org.segpipe.core.dataset.DatasetStats}) and the per-class counts of a sample's masks
 * ({@link org.segpipe.core.dataset.MaskCounts}), the shard plan
 * ({@link org.segpipe.core.dataset.ShardPlan}) and the ingest's config
 * ({@link org.segpipe.core.dataset.IngestConfig}).
 */
package org.segpipe.core.dataset;
