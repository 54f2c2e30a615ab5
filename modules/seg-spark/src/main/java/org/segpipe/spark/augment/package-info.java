/**
 * {@code seg augment} on Spark: {@link org.segpipe.spark.augment.AugmentStep} reads samples from any
 * source (a dataset folder, a raw tree, a DataFrame), writes K augmented copies per sample as a
 * dataset laid out as {@code seg ingest} lays out its own (ingest's shard columns plus
 * {@code source_key}, {@code copy_index} and {@code augment_params}; a rejects table; a
 * {@link org.segpipe.core.dataset.DatasetManifest} written last), so every reader accepts it.
 * What a pixel becomes is decided in seg-core ({@link org.segpipe.core.augment.PipelineAugmenter}).
 */
package org.segpipe.spark.augment;
