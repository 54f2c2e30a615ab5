package org.segpipe.core.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.segpipe.core.image.RgbImage;
import org.segpipe.core.metrics.saliency.GreyMap;
import org.segpipe.core.metrics.saliency.SaliencyMeasures;

/**
 * The pictures of one worst image of a saliency run, as {@link ImageLayers} makes them for
 * Cityscapes runs: a base picture and RGBA overlays at thumbnail size, as PNG data URIs.
 *
 * <ul>
 *   <li>{@code image}: the photo, or, when there is none (or it has another size), the mask in grey
 *       so the overlays still have something under them;</li>
 *   <li>{@code gt}: the object pixels of the mask ({@code > 128}, as scored) in {@link #OBJECT_RGB};</li>
 *   <li>{@code pred}: the prediction as it is scored (min-max scaled, {@link SaliencyMeasures#prepare}),
 *       {@link #SALIENCY_RGB} with the saliency as opacity;</li>
 *   <li>{@code errors}: {@code |prediction - mask|} per pixel (what MAE averages) in
 *       {@link Layers#ERROR_RGB}, with the error as opacity.</li>
 * </ul>
 * A prediction of another size is resized to the mask first, as the evaluation does.
 */
public final class SaliencyLayers {

    /** Ground-truth object pixels. */
    public static final int OBJECT_RGB = 0x22C55E;
    /** Predicted saliency. */
    public static final int SALIENCY_RGB = 0xD946EF;

    private SaliencyLayers() {
    }

    /**
     * @param image     the photo, or null
     * @param mask      the ground-truth mask (required; its size is the reference)
     * @param pred      the predicted map, or null
     * @param tileWidth thumbnails are at most this wide
     */
    public static ImageLayers.Result render(String key, RgbImage image, GreyMap mask, GreyMap pred, int tileWidth) {
        int w = mask.width();
        int h = mask.height();
        Thumbnail t = Thumbnail.fit(w, h, tileWidth);
        Map<String, String> layers = new LinkedHashMap<>();
        List<String> notes = new ArrayList<>();
        if (image != null && (image.width() != w || image.height() != h)) {
            notes.add(key + ": the image is " + image.width() + "x" + image.height() + " but its mask " + w + "x" + h
                    + ": the mask is shown underneath instead");
            image = null;
        }
        int[] gt = t.sample(mask.values());
        layers.put("image", Layers.dataUri(image != null ? t.scale(image) : greyBase(gt, t)));
        layers.put("gt", Layers.dataUri(t.width(), t.height(), objectLayer(gt)));
        if (pred != null) {
            GreyMap used = pred;
            if (pred.width() != w || pred.height() != h) {
                notes.add(key + ": the prediction is " + pred.width() + "x" + pred.height() + ", resized to its mask's "
                        + w + "x" + h + " as the evaluation did");
                used = pred.resized(w, h);
            }
            SaliencyMeasures.Prepared x = SaliencyMeasures.prepare(used, mask);
            int[] at = t.source();
            double[] p = new double[at.length];
            boolean[] g = new boolean[at.length];
            for (int i = 0; i < at.length; i++) {
                p[i] = x.pred()[at[i]];
                g[i] = x.gt()[at[i]];
            }
            layers.put("pred", Layers.dataUri(t.width(), t.height(), saliencyLayer(p)));
            layers.put("errors", Layers.dataUri(t.width(), t.height(), errorLayer(p, g)));
        }
        return new ImageLayers.Result(w, h, layers, notes);
    }

    /** Object pixels ({@code > 128}) opaque in {@link #OBJECT_RGB}, the rest transparent. */
    static byte[] objectLayer(int[] mask) {
        byte[] out = new byte[mask.length * 4];
        for (int i = 0; i < mask.length; i++) {
            if (mask[i] > 128) {
                Layers.put(out, i, OBJECT_RGB, 255);
            }
        }
        return out;
    }

    /** Saliency in [0, 1] as the opacity of {@link #SALIENCY_RGB}. */
    static byte[] saliencyLayer(double[] saliency) {
        byte[] out = new byte[saliency.length * 4];
        for (int i = 0; i < saliency.length; i++) {
            Layers.put(out, i, SALIENCY_RGB, alpha(saliency[i]));
        }
        return out;
    }

    /** {@code |saliency - object|} as the opacity of {@link Layers#ERROR_RGB}. */
    static byte[] errorLayer(double[] saliency, boolean[] object) {
        byte[] out = new byte[saliency.length * 4];
        for (int i = 0; i < saliency.length; i++) {
            Layers.put(out, i, Layers.ERROR_RGB, alpha(Math.abs(saliency[i] - (object[i] ? 1.0 : 0.0))));
        }
        return out;
    }

    /** The mask in two greys (object light, background dark) as an RGB picture. */
    private static RgbImage greyBase(int[] mask, Thumbnail t) {
        byte[] rgb = new byte[mask.length * 3];
        for (int i = 0; i < mask.length; i++) {
            byte v = (byte) (mask[i] > 128 ? 176 : 48);
            rgb[3 * i] = v;
            rgb[3 * i + 1] = v;
            rgb[3 * i + 2] = v;
        }
        return new RgbImage(t.width(), t.height(), rgb);
    }

    private static int alpha(double v) {
        return (int) Math.round(255 * Math.max(0, Math.min(1, v)));
    }
}
