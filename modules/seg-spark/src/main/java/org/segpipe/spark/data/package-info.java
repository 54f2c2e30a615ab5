/**
 * Sample sources: a raw Cityscapes tree on any Hadoop file system
 * ({@link org.segpipe.spark.data.CityscapesTreeSource}), listed and paired on executors, and the
 * column names every source provides ({@link org.segpipe.spark.data.SampleTable}).
 */
package org.segpipe.spark.data;
