/**
 * The HTML evaluation report ({@code seg report}), engine-agnostic: the page model
 * ({@link org.segpipe.core.report.ReportData}), the self-contained page writer
 * ({@link org.segpipe.core.report.ReportPage}, with Apache ECharts embedded), run-to-run deltas
 * ({@link org.segpipe.core.report.Deltas}) and the picture layers of the worst images
 * ({@link org.segpipe.core.report.Thumbnail}, {@link org.segpipe.core.report.Layers}). Spark reads the
 * tables and fills the model (seg-spark {@code report.ReportStep}); nothing here computes a metric.
 */
package org.segpipe.core.report;
