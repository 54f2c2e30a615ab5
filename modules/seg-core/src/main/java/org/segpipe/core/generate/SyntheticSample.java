package org.segpipe.core.generate;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.segpipe.core.cityscapes.SampleKey;
import org.segpipe.core.cityscapes.Split;
import org.segpipe.core.image.ClassMask;
import org.segpipe.core.image.InstanceMask;
import org.segpipe.core.image.RgbImage;
import org.segpipe.core.polygons.AnnotationRasterizer;
import org.segpipe.core.polygons.PolygonAnnotation;

/**
 * One generated frame in memory: the polygons and everything drawn from them. The label and
 * instance images are the rasterised polygons, and the image is painted from the instance image,
 * so all files of a sample agree by construction.
 */
public record SyntheticSample(Split split, SampleKey key, PolygonAnnotation polygons, ClassMask labelIds,
                              InstanceMask instanceIds, RgbImage image) {

    /** Builds the frame for (seed, split, key): the same arguments always give the same sample. */
    public static SyntheticSample create(long seed, Split split, SampleKey key, int width, int height) {
        long sampleSeed = SceneRenderer.mix(seed, fnv1a(split.folderName() + "/" + key));
        PolygonAnnotation polygons = SceneGenerator.generate(width, height, new SplittableRandom(sampleSeed));
        String source = key + " (generated)";
        InstanceMask instances = AnnotationRasterizer.instanceIds(polygons, source);
        ClassMask labels = AnnotationRasterizer.labelIds(polygons, source);
        RgbImage image = SceneRenderer.render(instances, sampleSeed);
        return new SyntheticSample(split, key, polygons, labels, instances, image);
    }

    static long fnv1a(String s) {
        long h = 0xcbf29ce484222325L;
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xFF;
            h *= 0x100000001b3L;
        }
        return h;
    }
}
