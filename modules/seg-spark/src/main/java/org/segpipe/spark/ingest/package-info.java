/**
 * {@code seg ingest}: a Cityscapes tree in, validated Parquet shards, a rejects table and a
 * manifest out ({@link org.segpipe.spark.ingest.IngestStep}). Two passes over the samples: the
 * first reads, validates and hashes on executors and keeps only small rows
 * ({@code SampleChecks}); the second deals the valid samples to size-planned shards, re-reads
 * their bytes in the task that writes their shard and checks them against the first pass's hash
 * ({@code ShardWriter}). Everything is written to a staging folder and published with the
 * manifest last ({@link org.segpipe.spark.ingest.DatasetPublisher}, with the file settings and
 * lists of {@link org.segpipe.spark.ingest.DatasetFiles}; {@code seg augment} publishes its
 * datasets the same way). {@link org.segpipe.spark.ingest.IngestBenchmark} measures it against
 * decoding alone.
 */
package org.segpipe.spark.ingest;
