package org.segpipe.core.report;

import java.util.Base64;
import java.util.function.IntUnaryOperator;
import org.segpipe.core.cityscapes.CityscapesLabels;
import org.segpipe.core.cityscapes.Label;
import org.segpipe.core.image.RgbImage;
import org.segpipe.core.png.PngEncoder;

/**
 * The picture layers of a worst-image card, as RGBA pixels at thumbnail size: the page stacks a
 * layer on the camera image with an opacity the reader chooses, so one camera image serves every
 * overlay and the layers (flat colours, mostly transparent) compress to little.
 *
 * <p>Colours are the official Cityscapes palette ({@link Label#color()}). Pixels of labels that are
 * ignored in evaluation (void, ego vehicle, ...) and unknown ids are transparent, so the camera image
 * shows through where nothing is scored.
 */
public final class Layers {

    /** Misclassified pixels in {@link #errors}. */
    public static final int ERROR_RGB = 0xFF1F5A;
    /** Instance and segment outlines. */
    public static final int OUTLINE_RGB = 0xFFFFFF;

    private static final int[] PALETTE = new int[256];
    private static final boolean[] SCORED = new boolean[256];

    static {
        for (Label l : CityscapesLabels.withIds()) {
            PALETTE[l.id()] = l.color();
            SCORED[l.id()] = !l.ignoreInEval();
        }
    }

    private Layers() {
    }

    /** Class ids (label ids) in the palette; unscored labels transparent. */
    public static byte[] semantic(int[] labelIds) {
        byte[] out = new byte[labelIds.length * 4];
        for (int i = 0; i < labelIds.length; i++) {
            int v = labelIds[i];
            if (v >= 0 && v < 256 && SCORED[v]) {
                put(out, i, PALETTE[v], 255);
            }
        }
        return out;
    }

    /**
     * Where the prediction disagrees with the ground truth on a scored pixel: {@link #ERROR_RGB},
     * else transparent (correct pixels and pixels the evaluation ignores).
     */
    public static byte[] errors(int[] gtLabelIds, int[] predLabelIds) {
        if (gtLabelIds.length != predLabelIds.length) {
            throw new IllegalArgumentException("ground truth has " + gtLabelIds.length + " pixels, prediction "
                    + predLabelIds.length);
        }
        byte[] out = new byte[gtLabelIds.length * 4];
        for (int i = 0; i < gtLabelIds.length; i++) {
            int g = gtLabelIds[i];
            if (g >= 0 && g < 256 && SCORED[g] && predLabelIds[i] != g) {
                put(out, i, ERROR_RGB, 255);
            }
        }
        return out;
    }

    /**
     * Regions (instances or panoptic segments) of a {@code width x height} id plane: 0 is no region;
     * each region is filled with its class's colour, shifted a little in brightness per id so that
     * touching regions of one class stay apart, and outlined in {@link #OUTLINE_RGB}.
     *
     * @param labelOf the label id of a region id; a label that is unscored or unknown leaves the region out
     */
    public static byte[] regions(int[] ids, int width, int height, IntUnaryOperator labelOf) {
        if (ids.length != width * height) {
            throw new IllegalArgumentException(ids.length + " ids for " + width + "x" + height);
        }
        byte[] out = new byte[ids.length * 4];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int i = y * width + x;
                int id = ids[i];
                if (id == 0) {
                    continue;
                }
                int label = labelOf.applyAsInt(id);
                if (label < 0 || label >= 256 || !SCORED[label]) {
                    continue;
                }
                boolean edge = (x > 0 && ids[i - 1] != id) || (x + 1 < width && ids[i + 1] != id)
                        || (y > 0 && ids[i - width] != id) || (y + 1 < height && ids[i + width] != id);
                put(out, i, edge ? OUTLINE_RGB : shade(PALETTE[label], id), 255);
            }
        }
        return out;
    }

    /** The colour brightened or darkened by one of five steps chosen by the region id. */
    static int shade(int rgb, int id) {
        int step = (int) Math.floorMod((long) id * 2654435761L >>> 7, 5L) - 2; // -2..2, spread over ids
        int r = clamp(((rgb >> 16) & 0xFF) + step * 22);
        int g = clamp(((rgb >> 8) & 0xFF) + step * 22);
        int b = clamp((rgb & 0xFF) + step * 22);
        return (r << 16) | (g << 8) | b;
    }

    private static int clamp(int v) {
        return Math.max(0, Math.min(255, v));
    }

    /** Pixel {@code i} of an RGBA buffer. */
    static void put(byte[] rgba, int i, int rgb, int alpha) {
        int o = i * 4;
        rgba[o] = (byte) (rgb >> 16);
        rgba[o + 1] = (byte) (rgb >> 8);
        rgba[o + 2] = (byte) rgb;
        rgba[o + 3] = (byte) alpha;
    }

    /** A PNG data URI of RGBA pixels. */
    public static String dataUri(int width, int height, byte[] rgba) {
        return uri(PngEncoder.encodeRgba(width, height, rgba));
    }

    /** A PNG data URI of an RGB image. */
    public static String dataUri(RgbImage image) {
        return uri(PngEncoder.encodeRgb(image.width(), image.height(), image.rgb()));
    }

    private static String uri(byte[] png) {
        return "data:image/png;base64," + Base64.getEncoder().encodeToString(png);
    }
}
