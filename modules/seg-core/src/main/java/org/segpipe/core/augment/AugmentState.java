package org.segpipe.core.augment;

import java.util.ArrayList;
import java.util.List;
import org.segpipe.core.image.ClassEncoding;
import org.segpipe.core.image.ClassMask;
import org.segpipe.core.image.InstanceMask;
import org.segpipe.core.image.RgbImage;

/**
 * One sample while a pipeline runs over it. Geometric steps do not touch pixels: they compose
 * their output-to-input map into {@link #toSource} and record the frames a pixel must stay inside;
 * pixels are resampled once, when a photometric step needs them or at the end ({@link #realise}).
 * The caller's buffers are never written to. Not thread-safe; one per augmentation.
 */
final class AugmentState {

    /** Largest augmented side and area: what the PNG decoder accepts by default. */
    static final int MAX_SIDE_PX = 16384;
    static final long MAX_PIXELS = 64L * 1024 * 1024;

    final String key;
    final int imageFill;
    final int labelFill;
    private final boolean fuse;

    private RgbImage image;
    private ClassMask labels;
    private InstanceMask instances;
    private boolean ownsImage;

    private Affine toSource = Affine.IDENTITY;
    private List<Window> windows = new ArrayList<>();
    private int width;
    private int height;
    /** The step being applied, for messages. */
    String step = "";

    AugmentState(String key, RgbImage image, ClassMask labels, InstanceMask instances, int imageFill, boolean fuse) {
        this.key = key;
        this.image = image;
        this.labels = labels;
        this.instances = instances;
        this.imageFill = imageFill;
        this.labelFill = fillLabel(labels.encoding());
        this.fuse = fuse;
        this.width = image.width();
        this.height = image.height();
    }

    /**
     * The mask value of uncovered pixels: label id 0 ('unlabeled', train id 255) for label-id
     * masks, 255 for train-id masks. Both are ignored by training and evaluation.
     */
    static int fillLabel(ClassEncoding encoding) {
        return encoding == ClassEncoding.LABEL_IDS ? 0 : 255;
    }

    int width() {
        return width;
    }

    int height() {
        return height;
    }

    /**
     * Applies a geometric step given as the map from its output pixels ({@code newW x newH}) to
     * the current pixels.
     */
    void warp(Affine newToCurrent, int newW, int newH) {
        if (newW < 1 || newH < 1) {
            throw new IllegalStateException("step " + step + " made an empty output " + newW + "x" + newH);
        }
        List<Window> next = new ArrayList<>();
        for (Window w : windows) {
            Window moved = w.after(newToCurrent);
            if (!moved.contains(newW, newH)) {
                next.add(moved);
            }
        }
        // The current frame: what lies outside it was cut away (or was never there) and must stay fill.
        // Unless it is the source's own frame, which resampling always checks.
        Window current = new Window(newToCurrent, width, height);
        if (pending() && !current.contains(newW, newH)) {
            next.add(current);
        }
        toSource = toSource.after(newToCurrent);
        windows = next;
        width = newW;
        height = newH;
        if (!fuse) {
            realise();
        }
    }

    /** True when a geometric step is pending (pixels not yet resampled). */
    boolean pending() {
        return !(toSource.isIdentity() && windows.isEmpty() && width == image.width() && height == image.height());
    }

    /** Resamples all planes through the pending map; afterwards the state holds plain pixels. */
    void realise() {
        if (!pending()) {
            return;
        }
        checkSize();
        Resampler.Planes p = Resampler.resample(image.width(), image.height(), image, labels, instances, toSource,
                windows, width, height, imageFill, labelFill);
        image = p.image();
        labels = p.labels();
        instances = p.instances();
        ownsImage = true;
        toSource = Affine.IDENTITY;
        windows = new ArrayList<>();
    }

    /**
     * The label values a window of the current output would hold ({@code w x h} at offset
     * {@code ox, oy}), without resampling anything else.
     */
    ClassMask labelsIn(int ox, int oy, int w, int h) {
        Affine shift = Affine.translate(ox, oy);
        List<Window> moved = new ArrayList<>();
        for (Window win : windows) {
            moved.add(win.after(shift));
        }
        moved.add(new Window(shift, width, height));
        return Resampler.resample(image.width(), image.height(), null, labels, null, toSource.after(shift), moved, w, h,
                imageFill, labelFill).labels();
    }

    ClassEncoding labelEncoding() {
        return labels.encoding();
    }

    /** The image, resampled, in a buffer this state owns: photometric steps change it in place. */
    RgbImage mutableImage() {
        realise();
        if (!ownsImage) {
            image = new RgbImage(image.width(), image.height(), image.rgb().clone());
            ownsImage = true;
        }
        return image;
    }

    RgbImage image() {
        realise();
        return image;
    }

    ClassMask labels() {
        realise();
        return labels;
    }

    InstanceMask instances() {
        realise();
        return instances;
    }

    private void checkSize() {
        if (width > MAX_SIDE_PX || height > MAX_SIDE_PX || (long) width * height > MAX_PIXELS) {
            throw new AugmentException("sample " + key + ": the pipeline makes it " + width + "x" + height
                    + " (after step " + step + "), larger than the " + MAX_SIDE_PX + " px per side and "
                    + MAX_PIXELS / (1024 * 1024) + " Mpx an augmented sample may have; crop after scaling or lower "
                    + "the scale's max");
        }
    }
}
