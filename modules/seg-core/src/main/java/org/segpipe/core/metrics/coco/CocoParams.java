package org.segpipe.core.metrics.coco;

import java.util.List;
import org.segpipe.core.metrics.NumpyMath;

/** The default parameters of pycocotools' {@code Params.setDetParams}. */
public final class CocoParams {

    /** {@code np.linspace(.5, 0.95, 10)}, exact doubles. */
    private static final double[] IOU_THRS = NumpyMath.linspace(0.5, 0.95, 10);
    /** {@code np.linspace(.0, 1.00, 101)}, exact doubles. */
    private static final double[] REC_THRS = NumpyMath.linspace(0.0, 1.0, 101);
    /** Max detections per image and category, ascending. */
    public static final int[] MAX_DETS = {1, 10, 100};
    /** Area ranges in pixels, inclusive at both ends: all, small, medium, large. */
    public static final double[][] AREA_RNG = {{0, 1e10}, {0, 1024}, {1024, 9216}, {9216, 1e10}};
    public static final List<String> AREA_LABELS = List.of("all", "small", "medium", "large");
    /** pycocotools' {@code min([t, 1 - 1e-10])} cap on the threshold. */
    static final double MAX_IOU = 1 - 1e-10;
    /** {@code np.spacing(1)}. */
    static final double EPS = Math.ulp(1.0);

    public static final int AREA_ALL = 0;
    public static final int MAX_DET_100 = 2;

    private CocoParams() {
    }

    public static int thresholdCount() {
        return IOU_THRS.length;
    }

    public static double iouThreshold(int t) {
        return IOU_THRS[t];
    }

    /** The threshold as printed (0.9 for 0.8999999999999999), for reports. */
    public static double nominalIouThreshold(int t) {
        return Math.round(IOU_THRS[t] * 100) / 100.0;
    }

    public static int recallCount() {
        return REC_THRS.length;
    }

    public static double recallThreshold(int r) {
        return REC_THRS[r];
    }

    /** The largest r with recallThreshold(r) &lt;= recall, or -1 (searchsorted 'left' semantics). */
    static int lastRecallIndexAtOrBelow(double recall) {
        int lo = 0;
        int hi = REC_THRS.length - 1;
        int found = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (REC_THRS[mid] <= recall) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return found;
    }

    static boolean outside(long area, int a) {
        return area < AREA_RNG[a][0] || area > AREA_RNG[a][1];
    }

    /** Index of a threshold given as written, e.g. 0.75. */
    public static int thresholdIndex(double nominal) {
        for (int t = 0; t < IOU_THRS.length; t++) {
            if (IOU_THRS[t] == nominal) {
                return t;
            }
        }
        throw new IllegalArgumentException("no IoU threshold " + nominal);
    }
}
