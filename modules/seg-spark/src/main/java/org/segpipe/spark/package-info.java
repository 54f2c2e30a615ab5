/**
 * Spark plumbing: sessions ({@link org.segpipe.spark.SparkSessions}) and, as they land, the
 * sources, steps and report writers. Spark code here schedules work; what a number means is
 * decided in seg-core.
 */
package org.segpipe.spark;
