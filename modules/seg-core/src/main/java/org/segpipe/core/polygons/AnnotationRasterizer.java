package org.segpipe.core.polygons;

import java.util.HashMap;
import java.util.Map;
import org.segpipe.core.cityscapes.CityscapesLabels;
import org.segpipe.core.cityscapes.CityscapesLabels.ResolvedName;
import org.segpipe.core.cityscapes.InstanceIds;
import org.segpipe.core.cityscapes.Label;
import org.segpipe.core.image.ClassEncoding;
import org.segpipe.core.image.ClassMask;
import org.segpipe.core.image.InstanceMask;

/**
 * Draws a polygon annotation into label and instance images the way cityscapesScripts'
 * {@code json2labelImg} and {@code json2instanceImg} do: background 'unlabeled' (0), objects in
 * file order (later cover earlier), deleted objects skipped, {@code xxxgroup} resolved to class
 * xxx, labels with id below 0 (license plate) not drawn, and the k-th non-group object of a class
 * with instances drawn as {@code labelId*1000+k}, counting from 0 per class.
 */
public final class AnnotationRasterizer {

    private AnnotationRasterizer() {
    }

    /** The {@code *_labelIds.png} content. */
    public static ClassMask labelIds(PolygonAnnotation annotation, String source) {
        int w = annotation.imgWidth();
        int h = annotation.imgHeight();
        byte[] out = new byte[Math.multiplyExact(w, h)];
        for (PolygonObject obj : annotation.objects()) {
            if (obj.deleted()) {
                continue;
            }
            Label label = resolve(obj, source).label();
            if (label.id() < 0) {
                continue;
            }
            byte v = (byte) label.id();
            PolygonRasterizer.rasterize(obj.polygon(), w, h, (y, x0, x1) -> java.util.Arrays.fill(out, y * w + x0, y * w + x1 + 1, v));
        }
        return new ClassMask(w, h, out, ClassEncoding.LABEL_IDS);
    }

    /** The {@code *_instanceIds.png} content. */
    public static InstanceMask instanceIds(PolygonAnnotation annotation, String source) {
        int w = annotation.imgWidth();
        int h = annotation.imgHeight();
        short[] out = new short[Math.multiplyExact(w, h)];
        Map<String, Integer> instancesSoFar = new HashMap<>();
        for (PolygonObject obj : annotation.objects()) {
            if (obj.deleted()) {
                continue;
            }
            ResolvedName resolved = resolve(obj, source);
            Label label = resolved.label();
            int id = label.id();
            if (label.hasInstances() && !resolved.group() && id >= 0) {
                int k = instancesSoFar.merge(label.name(), 1, Integer::sum) - 1;
                if (k >= InstanceIds.MAX_INSTANCES_PER_CLASS) {
                    throw new PolygonFormatException(source, "more than " + InstanceIds.MAX_INSTANCES_PER_CLASS
                            + " instances of '" + label.name() + "' cannot be encoded");
                }
                id = InstanceIds.encode(id, k);
            }
            if (id < 0) {
                continue;
            }
            short v = (short) id;
            PolygonRasterizer.rasterize(obj.polygon(), w, h, (y, x0, x1) -> java.util.Arrays.fill(out, y * w + x0, y * w + x1 + 1, v));
        }
        return new InstanceMask(w, h, out);
    }

    private static ResolvedName resolve(PolygonObject obj, String source) {
        return CityscapesLabels.resolveAnnotationName(obj.label()).orElseThrow(() -> new PolygonFormatException(source,
                "unknown label '" + obj.label() + "' (expected a name from the Cityscapes label table, or one with 'group' appended)"));
    }
}
