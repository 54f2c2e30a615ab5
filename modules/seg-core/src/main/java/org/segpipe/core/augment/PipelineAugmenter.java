package org.segpipe.core.augment;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.segpipe.core.dataset.DecodedSample;
import org.segpipe.core.image.ClassMask;
import org.segpipe.core.image.InstanceMask;
import org.segpipe.core.image.RgbImage;

/**
 * Runs a {@link Pipeline} over samples: the {@link SampleAugmenter} training calls on the fly and
 * the function behind {@code seg augment}. The result is a pure function of (sample, seed, key,
 * epoch): step i draws from its own stream (see {@link SampleSeeds}), first a uniform number to
 * decide whether it applies ({@code u < p}), then its parameters.
 *
 * <p>Consecutive geometric steps are composed and resampled once (one interpolation, whatever the
 * number of steps, and only the pixels that survive a crop are computed). Masks keep their
 * encoding; uncovered mask pixels become label id 0 'unlabeled' (train id 255) in label-id masks,
 * 255 in train-id masks and 0 in instance masks; uncovered image pixels become the configured
 * fill. Instance values are copied, never renumbered: an instance cropped away disappears and no
 * value is ever given to another instance.
 *
 * <p>The result may share buffers with the input where nothing changed them (an empty pipeline, a
 * flip that was not drawn): treat samples as read-only. Output sizes follow the pipeline: a crop
 * fixes them (the {@code cityscapes-standard} preset always gives 1024x512), scaling without a
 * crop changes them, the other steps keep them.
 *
 * <p>Immutable and serializable: one instance serves all threads of an executor.
 */
public final class PipelineAugmenter implements SampleAugmenter {

    private static final long serialVersionUID = 1L;

    private final Pipeline pipeline;
    private final long seed;
    private final int imageFillRgb;
    private final boolean fuse;

    public PipelineAugmenter(Pipeline pipeline, long seed, int imageFillRgb) {
        this(pipeline, seed, imageFillRgb, true);
    }

    private PipelineAugmenter(Pipeline pipeline, long seed, int imageFillRgb, boolean fuse) {
        this.pipeline = pipeline;
        this.seed = seed;
        this.imageFillRgb = imageFillRgb & 0xFFFFFF;
        this.fuse = fuse;
    }

    /**
     * The same pipeline, resampling after every geometric step instead of once: the naive way,
     * kept as the baseline of {@code seg bench augment}. Same draws; integer moves (flip, crop,
     * translate) give identical bytes, interpolating ones differ by rounding.
     */
    public PipelineAugmenter unfused() {
        return new PipelineAugmenter(pipeline, seed, imageFillRgb, false);
    }

    public Pipeline pipeline() {
        return pipeline;
    }

    public long seed() {
        return seed;
    }

    @Override
    public DecodedSample augment(DecodedSample sample, int epoch) {
        return augmentWithParams(sample, epoch).sample();
    }

    /**
     * Augments one sample and says what was drawn.
     *
     * @throws IllegalArgumentException when image and masks differ in size
     * @throws AugmentException         when the pipeline cannot augment this sample as configured
     */
    public AugmentResult augmentWithParams(DecodedSample sample, int epoch) {
        check(sample);
        long sampleSeed = SampleSeeds.sampleSeed(seed, sample.key(), epoch);
        AugmentState state = new AugmentState(sample.key(), sample.image(), sample.labelIds(), sample.instanceIds(),
                imageFillRgb, fuse);
        List<AppliedStep> applied = new ArrayList<>(pipeline.steps().size());
        List<Pipeline.Step> steps = pipeline.steps();
        for (int i = 0; i < steps.size(); i++) {
            Pipeline.Step step = steps.get(i);
            SplittableRandom rng = SampleSeeds.stepStream(sampleSeed, i);
            boolean apply = rng.nextDouble() < step.p();
            Map<String, Object> drawn = new LinkedHashMap<>();
            if (apply) {
                state.step = (i + 1) + " " + step;
                step.transform().apply(state, rng, drawn);
            }
            applied.add(new AppliedStep(step.name(), apply, drawn));
        }
        state.step = "(end of pipeline)";
        DecodedSample out = new DecodedSample(sample.key(), sample.split(), state.image(), state.labels(), state.instances());
        return new AugmentResult(out, seed, epoch, applied);
    }

    private static void check(DecodedSample s) {
        RgbImage image = s.image();
        ClassMask labels = s.labelIds();
        InstanceMask instances = s.instanceIds();
        if (image == null || labels == null) {
            throw new IllegalArgumentException("sample " + s.key() + ": expected an image and labelIds, found "
                    + (image == null ? "no image" : "no labelIds"));
        }
        if (labels.width() != image.width() || labels.height() != image.height()) {
            throw new IllegalArgumentException("sample " + s.key() + ": labelIds are " + labels.width() + "x"
                    + labels.height() + " but the image is " + image.width() + "x" + image.height()
                    + " (width x height); image and masks must have the same size");
        }
        if (instances != null && (instances.width() != image.width() || instances.height() != image.height())) {
            throw new IllegalArgumentException("sample " + s.key() + ": instanceIds are " + instances.width() + "x"
                    + instances.height() + " but the image is " + image.width() + "x" + image.height()
                    + " (width x height); image and masks must have the same size");
        }
    }

    @Override
    public String toString() {
        return "PipelineAugmenter[seed=" + seed + ", " + pipeline.canonical() + "]";
    }
}
