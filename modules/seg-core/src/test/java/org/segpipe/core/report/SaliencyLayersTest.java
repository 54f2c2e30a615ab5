package org.segpipe.core.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.segpipe.core.image.RgbImage;
import org.segpipe.core.metrics.saliency.GreyMap;
import org.segpipe.core.png.DecodedPng;
import org.segpipe.core.png.PngDecoder;

/** The worst-image pictures of a saliency run, checked pixel by pixel on a 4x2 scene. */
class SaliencyLayersTest {

    /*
     * mask        prediction       scaled (min 51, max 255: (v - 51) / 204)
     * 0 255 255 0    51 255 204 51     0   1   .75  0
     * 0   0 255 0   102  51 255 51    .25  0   1    0
     */
    static final GreyMap MASK = GreyMap.of(4, 2, 0, 255, 255, 0, 0, 0, 255, 0);
    static final GreyMap PRED = GreyMap.of(4, 2, 51, 255, 204, 51, 102, 51, 255, 51);

    /** The alpha channel of an RGBA data URI. */
    static int[] alpha(String uri) {
        DecodedPng png = PngDecoder.decode(Base64.getDecoder().decode(uri.substring("data:image/png;base64,".length())), "layer");
        byte[] rgba = png.samples8();
        int[] out = new int[rgba.length / 4];
        for (int i = 0; i < out.length; i++) {
            out[i] = rgba[4 * i + 3] & 0xFF;
        }
        return out;
    }

    @Test
    void layersShowTheObjectTheScaledPredictionAndTheErrorAsOpacity() {
        ImageLayers.Result r = SaliencyLayers.render("k", null, MASK, PRED, 480);
        assertEquals(List.of("image", "gt", "pred", "errors"), List.copyOf(r.layers().keySet()));
        assertEquals(4, r.width());
        assertEquals(2, r.height());
        assertEquals(List.of(), r.notes());
        assertArrayEquals(new int[] {0, 255, 255, 0, 0, 0, 255, 0}, alpha(r.layers().get("gt")));
        // 255 x scaled, rounded: .75 -> 191 (191.25), .25 -> 64 (63.75)
        assertArrayEquals(new int[] {0, 255, 191, 0, 64, 0, 255, 0}, alpha(r.layers().get("pred")));
        // |scaled - object|: 0, 0, .25, 0 / .25, 0, 0, 0
        assertArrayEquals(new int[] {0, 0, 64, 0, 64, 0, 0, 0}, alpha(r.layers().get("errors")));
    }

    @Test
    void aPredictionOfAnotherSizeIsResizedAsTheEvaluationDoesAndAPhotoOfAnotherSizeIsReplaced() {
        RgbImage wrongPhoto = RgbImage.blank(8, 8);
        ImageLayers.Result r = SaliencyLayers.render("k", wrongPhoto, MASK, GreyMap.of(2, 1, 0, 255), 480);
        assertEquals(2, r.notes().size(), r.notes().toString());
        assertTrue(r.notes().get(0).contains("the image is 8x8 but its mask 4x2"), r.notes().get(0));
        assertTrue(r.notes().get(1).contains("the prediction is 2x1, resized to its mask's 4x2"), r.notes().get(1));
        // resized 2x1 -> 4x2 (pixel centres aligned): 0, 64, 191, 255 per row, then scaled by 255
        assertArrayEquals(new int[] {0, 64, 191, 255, 0, 64, 191, 255}, alpha(r.layers().get("pred")));
    }

    @Test
    void withoutAPredictionOnlyTheMaskIsDrawnAndThumbnailsNeverUpscale() {
        // 4x2 into 2 px wide: a 2x1 thumbnail sampling (1, 1) and (3, 1)
        GreyMap mask = GreyMap.of(4, 2, 0, 0, 0, 0, 0, 255, 0, 0);
        ImageLayers.Result r = SaliencyLayers.render("k", RgbImage.blank(4, 2), mask, null, 2);
        assertEquals(List.of("image", "gt"), List.copyOf(r.layers().keySet()));
        assertArrayEquals(new int[] {255, 0}, alpha(r.layers().get("gt")));
        // wider tiles keep the mask's 4x2
        assertEquals(8, alpha(SaliencyLayers.render("k", null, mask, null, 480).layers().get("gt")).length);
    }
}
