/**
 * SQL over Parquet outputs, behind {@code seg sql}: registering report tables and ingested
 * datasets as views ({@link org.segpipe.spark.sql.ReportViews}) and printing results as an
 * aligned table, CSV or JSON lines ({@link org.segpipe.spark.sql.ResultPrinter}).
 */
package org.segpipe.spark.sql;
