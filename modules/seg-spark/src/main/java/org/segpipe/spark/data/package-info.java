/**
 * Sample sources: a raw Cityscapes tree on any Hadoop file system
 * ({@link org.segpipe.spark.data.CityscapesTreeSource}), listed and paired on executors; datasets
 * written by {@code seg ingest} or {@code seg augment} ({@link org.segpipe.spark.data.ShardTable} layout, read only through their manifest,
 * {@link org.segpipe.spark.data.DatasetManifests}); and the one entry point jobs read samples
 * through, either way ({@link org.segpipe.spark.data.SampleSources}), with the column names every
 * source provides ({@link org.segpipe.spark.data.SampleTable}).
 */
package org.segpipe.spark.data;
