package org.segpipe.core.dataset;

import org.segpipe.core.cityscapes.Split;
import org.segpipe.core.image.ClassMask;
import org.segpipe.core.image.InstanceMask;
import org.segpipe.core.image.RgbImage;

/**
 * A sample with its pixels decoded, as training, prediction and evaluation consume it.
 *
 * @param key         {@code city_seq_frame}
 * @param split       the split it belongs to
 * @param image       the camera image
 * @param labelIds    label ids (never null)
 * @param instanceIds instance ids, or null where the sample has none
 */
public record DecodedSample(String key, Split split, RgbImage image, ClassMask labelIds, InstanceMask instanceIds) {

    public int width() {
        return image.width();
    }

    public int height() {
        return image.height();
    }

    /** Decodes PNG bytes by role; sizes must agree. Errors name the source and the file role. */
    public static DecodedSample decode(String key, Split split, byte[] imagePng, byte[] labelIdsPng, byte[] instanceIdsPng,
                                       String source) {
        RgbImage image = org.segpipe.core.png.PngImages.decodeRgb(imagePng, source + " (image)");
        ClassMask labels = org.segpipe.core.png.PngImages.decodeLabelIds(labelIdsPng, source + " (labelIds)");
        InstanceMask instances = instanceIdsPng == null ? null
                : org.segpipe.core.png.PngImages.decodeInstanceIds(instanceIdsPng, source + " (instanceIds)");
        if (labels.width() != image.width() || labels.height() != image.height()
                || (instances != null && (instances.width() != image.width() || instances.height() != image.height()))) {
            throw new IllegalArgumentException(source + ": expected labelIds and instanceIds of the image's size "
                    + image.width() + "x" + image.height() + ", found " + labels.width() + "x" + labels.height()
                    + (instances == null ? "" : " and " + instances.width() + "x" + instances.height()));
        }
        return new DecodedSample(key, split, image, labels, instances);
    }
}
