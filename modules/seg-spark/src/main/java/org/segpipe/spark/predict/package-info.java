/**
 * Prediction on Spark ({@link org.segpipe.spark.predict.PredictStep}): a model loaded once per
 * executor from its URI and checksum ({@link org.segpipe.spark.predict.ModelRef}), batched inference
 * in partitions, Parquet rows and the official Cityscapes results layout.
 */
package org.segpipe.spark.predict;
