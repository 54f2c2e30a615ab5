/**
 * {@code seg augment} on Spark: {@link org.segpipe.spark.augment.AugmentStep} reads samples from any
 * source, writes K augmented copies per sample as Parquet shards (same columns as every sample
 * source, plus {@code source_key}, {@code copy_index} and {@code augment_params}), rejects what it
 * cannot augment, and records a manifest. What a pixel becomes is decided in seg-core
 * ({@link org.segpipe.core.augment.PipelineAugmenter}).
 */
package org.segpipe.spark.augment;
