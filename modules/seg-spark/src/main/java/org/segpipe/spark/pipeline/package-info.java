/**
 * {@code seg pipeline}: generate, ingest, augment, train, predict, evaluate and report under one
 * run id, each stage skipped when its marker says it finished, so a killed run resumes where it
 * stopped. {@link PipelineRunner} runs the stages, {@link PipelineLayout} says where everything of
 * a run lives, {@link StageMarkers} records which stages finished.
 */
package org.segpipe.spark.pipeline;
