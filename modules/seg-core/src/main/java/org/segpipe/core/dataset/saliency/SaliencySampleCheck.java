package org.segpipe.core.dataset.saliency;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import org.segpipe.core.metrics.saliency.GreyMap;
import org.segpipe.core.png.PngException;
import org.segpipe.core.png.PngImages;

/**
 * Checks one saliency sample: the image decodes (RGB/RGBA PNG or JPEG), the mask is an 8-bit grey
 * PNG of the same size. Masks are binarised at {@code > 128} for the statistics (object pixels);
 * the stored bytes stay the original files.
 */
public final class SaliencySampleCheck {

    /** Reject stages (the {@code stage} column of the rejects table). */
    public static final String PAIRING = "pairing";
    public static final String IMAGE = "image";
    public static final String MASK = "mask";
    public static final String SIZE = "size";

    /** A problem of a sample: its stage, the file and the reason. */
    public record Problem(String stage, String path, String reason) {
    }

    /**
     * The outcome: on success {@code problems} is empty and the sizes and object pixels are set.
     *
     * @param objectPixels mask pixels {@code > 128}
     * @param sha256       SHA-256 over key, image bytes and mask bytes (hex), null when rejected
     */
    public record Checked(int width, int height, long objectPixels, String sha256, List<Problem> problems) {

        public boolean ok() {
            return problems.isEmpty();
        }
    }

    private SaliencySampleCheck() {
    }

    public static Checked check(String key, String imagePath, byte[] image, String maskPath, byte[] mask) {
        List<Problem> problems = new ArrayList<>();
        if (image == null) {
            problems.add(new Problem(PAIRING, maskPath, "mask without an image named '" + key + ".png' or '" + key
                    + ".jpg' in the images folder"));
        }
        if (mask == null) {
            problems.add(new Problem(PAIRING, imagePath, "image without a mask named '" + key + ".png' in the masks folder"));
        }
        int iw = -1;
        int ih = -1;
        if (image != null) {
            try {
                int[] size = imageSize(imagePath, image);
                iw = size[0];
                ih = size[1];
            } catch (RuntimeException e) {
                problems.add(new Problem(IMAGE, imagePath, e.getMessage()));
            }
        }
        GreyMap m = null;
        if (mask != null) {
            try {
                m = GreyMap.decodePng(mask, maskPath);
            } catch (PngException e) {
                problems.add(new Problem(MASK, maskPath, e.getMessage()));
            }
        }
        if (m != null && iw > 0 && (m.width() != iw || m.height() != ih)) {
            problems.add(new Problem(SIZE, maskPath, maskPath + ": mask is " + m.width() + "x" + m.height()
                    + " but its image " + imagePath + " is " + iw + "x" + ih));
        }
        if (!problems.isEmpty()) {
            return new Checked(Math.max(iw, 0), Math.max(ih, 0), 0, null, List.copyOf(problems));
        }
        long object = 0;
        for (int i = 0; i < m.values().length; i++) {
            if (m.at(i) > 128) {
                object++;
            }
        }
        return new Checked(iw, ih, object, sha256(key, image, mask), List.of());
    }

    /** Width and height of a PNG (RGB or RGBA, 8-bit) or JPEG image, decoding it fully. */
    static int[] imageSize(String path, byte[] bytes) {
        String lower = path.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".jpg") || lower.endsWith(".jpeg")) {
            try {
                java.awt.image.BufferedImage img = javax.imageio.ImageIO.read(new ByteArrayInputStream(bytes));
                if (img == null) {
                    throw new IllegalArgumentException(path + ": not a readable JPEG");
                }
                return new int[] {img.getWidth(), img.getHeight()};
            } catch (IOException e) {
                throw new IllegalArgumentException(path + ": cannot decode the JPEG: " + e.getMessage(), e);
            }
        }
        var rgb = PngImages.decodeRgbOrRgba(bytes, path);
        return new int[] {rgb.width(), rgb.height()};
    }

    static String sha256(String key, byte[] image, byte[] mask) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            d.update(key.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            d.update((byte) 0);
            d.update(image);
            d.update((byte) 0);
            d.update(mask);
            return HexFormat.of().formatHex(d.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
