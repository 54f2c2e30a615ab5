package org.segpipe.core.metrics.coco;

/**
 * The accumulated arrays of one category, as pycocotools' {@code accumulate} fills
 * {@code eval['precision']}, {@code eval['scores']} and {@code eval['recall']}; -1 marks an area
 * range without ground truth.
 *
 * @param precision [area][maxDets][threshold][recall point]
 * @param scores    [area][maxDets][threshold][recall point]: score at that recall point
 * @param recall    [area][maxDets][threshold]
 * @param tp        [area][maxDets][threshold]: matched, not ignored detections
 * @param fp        [area][maxDets][threshold]: unmatched, not ignored detections
 * @param npig      [area]: ground-truth objects not ignored
 */
public record CocoCategoryResult(int categoryIndex, double[][][][] precision, double[][][][] scores, double[][][] recall,
                                 long[][][] tp, long[][][] fp, long[] npig) implements java.io.Serializable {
}
