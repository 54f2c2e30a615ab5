/**
 * Training on Spark ({@link org.segpipe.spark.train.TrainStep}): pre-flight checks on executors,
 * seeded epoch batches built in partitions and streamed in order to the driver, checkpoints and the
 * training log on any Hadoop file system.
 */
package org.segpipe.spark.train;
