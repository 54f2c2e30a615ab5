/**
 * {@code seg evaluate} on Spark: {@link org.segpipe.spark.evaluate.EvaluateStep} matches
 * prediction files to ground truth, evaluates every image on executors with seg-core's
 * {@link org.segpipe.core.evaluate.ImageEvaluator}, merges the small totals, computes AP with
 * distributed sorts ({@link org.segpipe.spark.evaluate.ApStages}) and writes the Parquet report
 * ({@link org.segpipe.spark.evaluate.ReportTables}).
 */
package org.segpipe.spark.evaluate;
