package org.segpipe.core.dataset;

import java.util.ArrayList;
import java.util.List;
import org.segpipe.core.cityscapes.CityscapesLabels;
import org.segpipe.core.cityscapes.InstanceIds;
import org.segpipe.core.image.ClassMask;
import org.segpipe.core.image.InstanceMask;
import org.segpipe.core.image.RgbImage;
import org.segpipe.core.png.PngException;
import org.segpipe.core.png.PngHeader;
import org.segpipe.core.png.PngImages;
import org.segpipe.core.polygons.PolygonAnnotation;
import org.segpipe.core.polygons.PolygonFormatException;
import org.segpipe.core.polygons.PolygonJson;
import org.segpipe.core.polygons.PolygonObject;

/**
 * Validates a Cityscapes sample: every PNG decodes with the bit depth and colour type of its role,
 * all images have the image's size, label ids are in the table, instance ids are valid and agree
 * with the label ids, the colour image matches the palette, and the polygons JSON parses with the
 * right size and known labels. Collects every problem rather than stopping at the first.
 */
public final class SampleValidator {

    private static final int CLASSES = CityscapesLabels.MAX_LABEL_ID + 1;

    /** {@link InstanceIds#labelId} of every 16-bit value, as the byte a labelIds image would hold. */
    private static final byte[] LABEL_OF_INSTANCE = new byte[65536];

    static {
        for (int v = 0; v < LABEL_OF_INSTANCE.length; v++) {
            LABEL_OF_INSTANCE[v] = (byte) InstanceIds.labelId(v);
        }
    }

    private SampleValidator() {
    }

    /** How the camera image is checked; label, instance and colour images are always decoded. */
    public enum ImageCheck {
        /** Decode every pixel. */
        DECODE,
        /**
         * Header and chunk structure with every CRC, no inflating ({@link PngImages#verifyRgb}):
         * catches truncated and damaged files at a small fraction of the cost of decoding.
         */
        CHUNKS
    }

    /** The width and height of the image the other files must match. */
    private record Size(int width, int height) {
    }

    /** Validates with the camera image fully decoded. */
    public static SampleCheck validate(SampleFiles files) {
        return validate(files, ImageCheck.DECODE);
    }

    public static SampleCheck validate(SampleFiles files, ImageCheck imageCheck) {
        var pair = files.pair();
        List<DataProblem> problems = new ArrayList<>();
        long[] classPixels = new long[CLASSES];
        int[] instanceCounts = new int[CLASSES];

        Size image = null;
        try {
            if (imageCheck == ImageCheck.DECODE) {
                RgbImage rgb = PngImages.decodeRgb(files.image(), pair.imagePath());
                image = new Size(rgb.width(), rgb.height());
            } else {
                PngHeader h = PngImages.verifyRgb(files.image(), pair.imagePath());
                image = new Size(h.width(), h.height());
            }
        } catch (PngException e) {
            problems.add(new DataProblem(pair.imagePath(), DataProblem.DECODE, e.getMessage()));
        }
        int width = image == null ? 0 : image.width();
        int height = image == null ? 0 : image.height();

        ClassMask labels = null;
        try {
            labels = PngImages.decodeLabelIds(files.labelIds(), pair.labelIdsPath());
        } catch (PngException e) {
            problems.add(new DataProblem(pair.labelIdsPath(), DataProblem.DECODE, e.getMessage()));
        }
        if (labels != null) {
            if (sizeMatches(image, labels.width(), labels.height(), pair.labelIdsPath(), problems)) {
                long[] h = labels.histogram();
                System.arraycopy(h, 0, classPixels, 0, CLASSES);
                String unknown = MaskCounts.unknownLabelIds(h);
                if (unknown != null) {
                    problems.add(new DataProblem(pair.labelIdsPath(), DataProblem.VALIDATE, pair.labelIdsPath()
                            + ": expected label ids 0.." + CityscapesLabels.MAX_LABEL_ID + ", found unknown ids " + unknown));
                }
            } else {
                labels = null;
            }
        }

        if (files.instanceIds() != null) {
            checkInstances(files, image, labels, instanceCounts, problems);
        }
        if (files.color() != null && labels != null) {
            checkColor(files, image, labels, problems);
        }
        if (files.polygons() != null) {
            checkPolygons(files, image, problems);
        }
        return new SampleCheck(pair, width, height, classPixels, instanceCounts, List.copyOf(problems));
    }

    private static void checkInstances(SampleFiles files, Size image, ClassMask labels, int[] instanceCounts,
                                       List<DataProblem> problems) {
        String path = files.pair().instanceIdsPath();
        InstanceMask instances;
        try {
            instances = PngImages.decodeInstanceIds(files.instanceIds(), path);
        } catch (PngException e) {
            problems.add(new DataProblem(path, DataProblem.DECODE, e.getMessage()));
            return;
        }
        if (!sizeMatches(image, instances.width(), instances.height(), path, problems)) {
            return;
        }
        long[] seen = new long[1024]; // bitset over 65536 values
        int n = instances.width() * instances.height();
        int mismatches = 0;
        int firstMismatch = -1;
        short[] values = instances.values();
        if (labels != null) {
            // Label id of every instance value by table lookup: this loop runs over every pixel of
            // every ingested image, and a division per pixel costs as much as decoding the mask.
            byte[] labelIds = labels.values();
            for (int i = 0; i < n; i++) {
                int v = values[i] & 0xFFFF;
                seen[v >>> 6] |= 1L << (v & 63);
                if (LABEL_OF_INSTANCE[v] != labelIds[i] && mismatches++ == 0) {
                    firstMismatch = i;
                }
            }
        } else {
            for (int i = 0; i < n; i++) {
                int v = values[i] & 0xFFFF;
                seen[v >>> 6] |= 1L << (v & 63);
            }
        }
        List<String> bad = MaskCounts.countInstances(seen, instanceCounts);
        if (!bad.isEmpty()) {
            problems.add(new DataProblem(path, DataProblem.VALIDATE, path + ": expected valid instance ids, found "
                    + MaskCounts.problems(bad)));
        }
        if (mismatches > 0) {
            int x = firstMismatch % instances.width();
            int y = firstMismatch / instances.width();
            problems.add(new DataProblem(path, DataProblem.VALIDATE, path + ": expected instance ids to agree with "
                    + "the labelIds image, found " + mismatches + " disagreeing pixels (first at x=" + x + ", y=" + y
                    + ": instance value " + instances.at(firstMismatch) + ", label id " + labels.at(firstMismatch) + ")"));
        }
    }

    private static void checkColor(SampleFiles files, Size image, ClassMask labels, List<DataProblem> problems) {
        String path = files.pair().colorPath();
        RgbImage color;
        try {
            color = PngImages.decodeRgbOrRgba(files.color(), path);
        } catch (PngException e) {
            problems.add(new DataProblem(path, DataProblem.DECODE, e.getMessage()));
            return;
        }
        if (!sizeMatches(image, color.width(), color.height(), path, problems)) {
            return;
        }
        byte[] expected = labels.toPaletteImage().rgb();
        byte[] found = color.rgb();
        int mismatches = 0;
        for (int i = 0; i < expected.length; i += 3) {
            if (expected[i] != found[i] || expected[i + 1] != found[i + 1] || expected[i + 2] != found[i + 2]) {
                mismatches++;
            }
        }
        if (mismatches > 0) {
            problems.add(new DataProblem(path, DataProblem.VALIDATE, path + ": expected the labelIds image in the "
                    + "Cityscapes palette, found " + mismatches + " pixels of other colours"));
        }
    }

    private static void checkPolygons(SampleFiles files, Size image, List<DataProblem> problems) {
        String path = files.pair().polygonsPath();
        PolygonAnnotation annotation;
        try {
            annotation = PolygonJson.read(files.polygons(), path);
        } catch (PolygonFormatException e) {
            problems.add(new DataProblem(path, DataProblem.DECODE, e.getMessage()));
            return;
        }
        if (image != null && (annotation.imgWidth() != image.width() || annotation.imgHeight() != image.height())) {
            problems.add(new DataProblem(path, DataProblem.VALIDATE, path + ": expected imgWidth x imgHeight "
                    + image.width() + "x" + image.height() + " like the image, found "
                    + annotation.imgWidth() + "x" + annotation.imgHeight()));
        }
        for (PolygonObject o : annotation.objects()) {
            if (CityscapesLabels.resolveAnnotationName(o.label()).isEmpty()) {
                problems.add(new DataProblem(path, DataProblem.VALIDATE, path + ": expected label names from the "
                        + "Cityscapes table, found '" + o.label() + "'"));
                break;
            }
        }
    }

    private static boolean sizeMatches(Size image, int w, int h, String path, List<DataProblem> problems) {
        if (image != null && (image.width() != w || image.height() != h)) {
            problems.add(new DataProblem(path, DataProblem.VALIDATE, path + ": expected " + image.width() + "x"
                    + image.height() + " like the image, found " + w + "x" + h));
            return false;
        }
        return true;
    }
}
