/**
 * Evaluation of whole images and runs, engine-agnostic: the Spark job and the local evaluator call
 * the same functions.
 *
 * <ul>
 *   <li>{@link org.segpipe.core.evaluate.ImageEvaluator}: one image's ground truth and predictions
 *       (as file bytes) to an {@link org.segpipe.core.evaluate.ImageEvaluation}: the counts of
 *       every protocol, the scored entries that AP needs and every problem found.</li>
 *   <li>{@link org.segpipe.core.evaluate.EvaluationTotals}: the small mergeable totals of a run
 *       (confusion matrix, instance-weighted sums, ground-truth counts, panoptic counts, problem
 *       counts, input fingerprint); nothing in it grows with the number of images.</li>
 *   <li>{@link org.segpipe.core.evaluate.EvaluationReport}: the final numbers, rendered by
 *       {@link org.segpipe.core.evaluate.SummaryJson} and {@link org.segpipe.core.evaluate.SummaryTable}.</li>
 *   <li>{@link org.segpipe.core.evaluate.LocalEvaluator}: a whole run in one JVM over local files,
 *       for tests, benchmarks and as the reference the Spark job must equal.</li>
 * </ul>
 */
package org.segpipe.core.evaluate;
