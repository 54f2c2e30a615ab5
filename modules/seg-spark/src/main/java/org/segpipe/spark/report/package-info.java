/**
 * {@code seg report}: reads the report tables of a run with Spark ({@link org.segpipe.spark.report.ReportStep}),
 * draws its worst images on executors ({@link org.segpipe.spark.report.WorstImagePictures}) and writes
 * seg-core's self-contained HTML page.
 */
package org.segpipe.spark.report;
