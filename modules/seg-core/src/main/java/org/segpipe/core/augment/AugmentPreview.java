package org.segpipe.core.augment;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.Image;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import org.segpipe.core.dataset.DecodedSample;
import org.segpipe.core.image.ClassMask;
import org.segpipe.core.image.RgbImage;

/**
 * A contact sheet for people: one row per sample, the sample before augmentation and then each
 * augmented copy, each shown as the image and as the image with its label mask overlaid in the
 * Cityscapes palette (half and half). Tiles keep their aspect ratio inside a fixed box; a caption
 * above each says what it shows and what was drawn.
 */
public final class AugmentPreview {

    private static final int CAPTION_PX = 16;
    private static final int GAP_PX = 6;
    private static final Color BACKGROUND = new Color(32, 32, 32);
    private static final Color BOX = new Color(64, 64, 64);

    private AugmentPreview() {
    }

    /**
     * @param samples    the samples, one row each
     * @param augmenter  the pipeline to show
     * @param copies     augmented copies per sample (epochs 0..copies-1)
     * @param tileWidth  box width of one tile, px (its height is half of it)
     */
    public static RgbImage render(List<DecodedSample> samples, PipelineAugmenter augmenter, int copies, int tileWidth) {
        if (samples.isEmpty()) {
            throw new IllegalArgumentException("no samples to preview");
        }
        int tileHeight = tileWidth / 2;
        int columns = 2 * (1 + copies);
        int width = GAP_PX + columns * (tileWidth + GAP_PX);
        int height = GAP_PX + samples.size() * (CAPTION_PX + tileHeight + GAP_PX);
        BufferedImage sheet = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = sheet.createGraphics();
        g.setColor(BACKGROUND);
        g.fillRect(0, 0, width, height);
        for (int row = 0; row < samples.size(); row++) {
            DecodedSample before = samples.get(row);
            List<DecodedSample> shown = new ArrayList<>();
            List<String> captions = new ArrayList<>();
            shown.add(before);
            captions.add(before.key() + " " + before.width() + "x" + before.height());
            for (int k = 0; k < copies; k++) {
                AugmentResult r = augmenter.augmentWithParams(before, k);
                shown.add(r.sample());
                captions.add("epoch " + k + " " + r.sample().width() + "x" + r.sample().height() + ": " + summary(r));
            }
            int y = GAP_PX + row * (CAPTION_PX + tileHeight + GAP_PX);
            for (int i = 0; i < shown.size(); i++) {
                DecodedSample s = shown.get(i);
                int x = GAP_PX + 2 * i * (tileWidth + GAP_PX);
                caption(g, captions.get(i), x, y, 2 * tileWidth + GAP_PX);
                tile(g, s.image(), x, y + CAPTION_PX, tileWidth, tileHeight);
                tile(g, overlay(s.image(), s.labelIds()), x + tileWidth + GAP_PX, y + CAPTION_PX, tileWidth, tileHeight);
            }
        }
        g.dispose();
        int[] argb = sheet.getRGB(0, 0, width, height, null, 0, width);
        RgbImage out = RgbImage.blank(width, height);
        for (int i = 0; i < argb.length; i++) {
            out.set(i % width, i / width, argb[i] & 0xFFFFFF);
        }
        return out;
    }

    /** The image with the label mask's palette colours blended in at one half. */
    public static RgbImage overlay(RgbImage image, ClassMask labels) {
        byte[] palette = labels.toPaletteImage().rgb();
        byte[] src = image.rgb();
        byte[] out = new byte[src.length];
        for (int i = 0; i < src.length; i++) {
            out[i] = (byte) (((src[i] & 0xFF) + (palette[i] & 0xFF) + 1) >> 1);
        }
        return new RgbImage(image.width(), image.height(), out);
    }

    /** The applied steps with their main drawn value, e.g. {@code scale x1.31 crop hflip photometric}. */
    static String summary(AugmentResult r) {
        StringBuilder b = new StringBuilder();
        for (AppliedStep s : r.steps()) {
            if (!s.applied()) {
                continue;
            }
            if (b.length() > 0) {
                b.append(' ');
            }
            b.append(s.transform());
            Object first = s.drawn().isEmpty() ? null : s.drawn().values().iterator().next();
            if (s.transform().equals("translate")) {
                b.append(" ").append(s.drawn().get("dx")).append(",").append(s.drawn().get("dy"));
            } else if (first instanceof Double d && !s.transform().equals("photometric")) {
                b.append(String.format(java.util.Locale.ROOT, " %.2f", d));
            }
        }
        return b.length() == 0 ? "(nothing applied)" : b.toString();
    }

    private static void tile(Graphics2D g, RgbImage img, int x, int y, int boxW, int boxH) {
        g.setColor(BOX);
        g.fillRect(x, y, boxW, boxH);
        double scale = Math.min(boxW / (double) img.width(), boxH / (double) img.height());
        int w = Math.max(1, (int) Math.round(img.width() * scale));
        int h = Math.max(1, (int) Math.round(img.height() * scale));
        BufferedImage bi = new BufferedImage(img.width(), img.height(), BufferedImage.TYPE_INT_RGB);
        int[] px = new int[img.width() * img.height()];
        byte[] rgb = img.rgb();
        for (int i = 0, j = 0; i < px.length; i++, j += 3) {
            px[i] = (rgb[j] & 0xFF) << 16 | (rgb[j + 1] & 0xFF) << 8 | (rgb[j + 2] & 0xFF);
        }
        bi.setRGB(0, 0, img.width(), img.height(), px, 0, img.width());
        // Area averaging when shrinking (no aliasing of thin masks), nearest when enlarging tiny samples.
        Image scaled = scale < 1 ? bi.getScaledInstance(w, h, Image.SCALE_AREA_AVERAGING) : bi;
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR);
        g.drawImage(scaled, x + (boxW - w) / 2, y + (boxH - h) / 2, w, h, null);
    }

    private static void caption(Graphics2D g, String text, int x, int y, int maxWidth) {
        try {
            g.setColor(Color.WHITE);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setClip(x, y, maxWidth, CAPTION_PX);
            g.drawString(text, x + 2, y + CAPTION_PX - 4);
            g.setClip(null);
        } catch (RuntimeException | LinkageError e) {
            // A JVM without fonts (a bare container) draws the tiles without captions.
            g.setClip(null);
        }
    }
}
