/**
 * Readers (and, for tests and benchmarks, writers) of the official Cityscapes results formats.
 *
 * <ul>
 *   <li>Semantic: one PNG of label ids per image (8-bit grayscale or palette indices), matched to
 *       ground truth by the {@code {city}_{seq}_{frame}} key in its file name
 *       ({@link org.segpipe.core.results.SemanticPredictions}).</li>
 *   <li>Instances: one text file per image, lines {@code relative/mask.png labelId confidence};
 *       a mask is any PNG whose grayscale conversion (PIL's {@code convert("L")}) is non-zero;
 *       paths are relative to the text file and must stay inside the results folder
 *       ({@link org.segpipe.core.results.InstanceResultsFile},
 *       {@link org.segpipe.core.results.InstanceMasks}).</li>
 *   <li>Panoptic: COCO panoptic results, one JSON with {@code annotations} (image_id, file_name,
 *       segments_info) and RGB PNGs with id = R + 256 G + 65536 B
 *       ({@link org.segpipe.core.results.PanopticResultsJson}).</li>
 * </ul>
 * Every problem becomes an {@link org.segpipe.core.results.EvalProblem} naming the file, the line
 * where there is one, what was expected and what was found.
 */
package org.segpipe.core.results;
