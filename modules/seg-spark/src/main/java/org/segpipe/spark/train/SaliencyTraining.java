package org.segpipe.spark.train;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Row;
import org.segpipe.core.augment.SampleAugmenter;
import org.segpipe.core.cityscapes.CityscapesLabels;
import org.segpipe.core.cityscapes.Split;
import org.segpipe.core.dataset.DecodedSample;
import org.segpipe.core.image.ClassEncoding;
import org.segpipe.core.image.ClassMask;
import org.segpipe.core.dataset.DataProblem;
import org.segpipe.core.image.RgbImage;
import org.segpipe.core.metrics.saliency.GreyMap;
import org.segpipe.model.data.BatchCodec;
import org.segpipe.model.data.Crops;
import org.segpipe.model.data.EncodedBatch;
import org.segpipe.model.data.SaliencyBatches;
import org.segpipe.model.loss.ClassWeights;
import org.segpipe.spark.data.SaliencySamples;

/**
 * The saliency side of {@link TrainStep}: rows of {@link SaliencySamples} checked in the
 * pre-flight pass, cropped and encoded into batches on executors (labels = mask {@code > 128} as
 * 0/1, {@link SaliencyBatches}), and validation batches padded to the network's size multiple with
 * ignored labels in the padding. Same seeds, on-the-fly augmentation ({@code train.augment}, the
 * mask carried as train ids 0/1) and crop windows as the Cityscapes path.
 */
final class SaliencyTraining {

    private SaliencyTraining() {
    }

    /**
     * Whether {@code data} is a saliency dataset, after checking that it matches the model (a clear
     * error for a Cityscapes dataset with a one-class model and vice versa) and that no option the
     * saliency path lacks ({@code train.extra-data}) is set.
     */
    static boolean isSaliency(org.apache.hadoop.conf.Configuration conf, String data, List<org.segpipe.core.cityscapes.Split> splits,
                              int classes, List<String> extraData) {
        SaliencySamples.Kind kind = SaliencySamples.kind(conf, data, splits);
        SaliencySamples.checkMatch("train", classes, kind, data);
        if (kind == SaliencySamples.Kind.NONE) {
            return false;
        }
        if (extraData.stream().anyMatch(e -> !e.isBlank())) {
            throw new org.segpipe.core.config.ConfigException("'" + TrainStep.EXTRA_DATA + "' is " + extraData
                    + " but extra datasets are not supported when training on the saliency dataset " + data);
        }
        return true;
    }

    /** Decodes a row once: a usable sample with its size and content hash, or the reason it is not. */
    static CheckedSample check(Row r) {
        String key = r.getAs(SaliencySamples.KEY);
        String split = r.getAs(SaliencySamples.SPLIT);
        String path = r.getAs(SaliencySamples.IMAGE_PATH);
        String readError = r.getAs(SaliencySamples.READ_ERROR);
        if (readError != null) {
            return new CheckedSample(key, split, path, null, readError, "read", 0, 0, null, 0);
        }
        try {
            SaliencyBatches.Sample s = decode(r);
            long hash = Crops.mix(digest(r.getAs(SaliencySamples.IMAGE)), key, digest(r.getAs(SaliencySamples.MASK)));
            return new CheckedSample(key, split, path, r, null, null, s.image().width(), s.image().height(),
                    ClassWeights.Counts.zero(1), hash);
        } catch (RuntimeException e) {
            return new CheckedSample(key, split, path, null, e.getMessage() == null ? e.toString() : e.getMessage(),
                    DataProblem.DECODE, 0, 0, null, 0);
        }
    }

    /** Image and mask of a row (the record checks they have the same size). */
    static SaliencyBatches.Sample decode(Row r) {
        String path = r.getAs(SaliencySamples.IMAGE_PATH);
        RgbImage image = SaliencySamples.image(r.getAs(SaliencySamples.IMAGE), path);
        GreyMap mask = GreyMap.decodePng(r.getAs(SaliencySamples.MASK), "mask of " + path);
        return new SaliencyBatches.Sample(r.getAs(SaliencySamples.KEY), image, mask);
    }

    /**
     * One training sample as a one-image batch of {@code height x width}: augmented by
     * {@code augmenter} (seeded by the augmenter's seed, the key and the epoch, as Cityscapes
     * samples are), then cropped at the seeded window when {@code crop}, else whole. Without
     * augmentation the bytes are those of {@link SaliencyBatches#encode} of the cropped sample.
     */
    static EncodedBatch encode(Row r, long seed, int epoch, int height, int width, boolean crop, SampleAugmenter augmenter) {
        SaliencyBatches.Sample s = decode(r);
        if (augmenter == SampleAugmenter.NONE) {
            if (crop) {
                Crops.Window w = Crops.random(seed, s.key(), epoch, s.image().width(), s.image().height(), width, height);
                s = cut(s, w);
            }
            return SaliencyBatches.encode(List.of(s));
        }
        DecodedSample d = augmenter.augment(asTrainIds(s, r.getAs(SaliencySamples.SPLIT)), epoch);
        if (crop) {
            // as for Cityscapes: an augmenter may return an image smaller than the crop; crop what there is, the batch pads
            d = Crops.apply(d, Crops.random(seed, d.key(), epoch, d.width(), d.height(), Math.min(width, d.width()),
                    Math.min(height, d.height())));
        }
        return BatchCodec.encode(List.of(d), height, width, true);
    }

    /**
     * A saliency sample as the augmenter takes it: the mask binarised ({@code > 128}, the
     * convention of the metrics and of {@link SaliencyBatches#encode}) into train ids 0
     * (background) and 1 (object). Geometric steps then resample it nearest-neighbour with the
     * image, so it stays 0/1; pixels a step uncovers get train id 255, ignored by the loss;
     * photometric steps touch the image only.
     */
    static DecodedSample asTrainIds(SaliencyBatches.Sample s, String split) {
        byte[] labels = new byte[s.mask().width() * s.mask().height()];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = (byte) (s.mask().at(i) > 128 ? 1 : 0);
        }
        return new DecodedSample(s.key(), Split.fromFolderName(split), s.image(),
                new ClassMask(s.mask().width(), s.mask().height(), labels, ClassEncoding.TRAIN_IDS), null);
    }

    static SaliencyBatches.Sample cut(SaliencyBatches.Sample s, Crops.Window w) {
        int iw = s.image().width();
        if (w.x() == 0 && w.y() == 0 && w.width() == iw && w.height() == s.image().height()) {
            return s;
        }
        byte[] rgb = new byte[w.width() * w.height() * 3];
        byte[] mask = new byte[w.width() * w.height()];
        for (int y = 0; y < w.height(); y++) {
            int src = (w.y() + y) * iw + w.x();
            System.arraycopy(s.image().rgb(), src * 3, rgb, y * w.width() * 3, w.width() * 3);
            System.arraycopy(s.mask().values(), src, mask, y * w.width(), w.width());
        }
        return new SaliencyBatches.Sample(s.key(), new RgbImage(w.width(), w.height(), rgb), new GreyMap(w.width(), w.height(), mask));
    }

    /**
     * One sample padded (bottom and right) to {@code height x width}: the padding has the mean
     * colour and the ignore label, so validation counts only the image.
     */
    static EncodedBatch padded(SaliencyBatches.Sample s, int height, int width) {
        EncodedBatch one = SaliencyBatches.encode(List.of(s));
        int h = s.image().height();
        int w = s.image().width();
        if (h == height && w == width) {
            return one;
        }
        byte[] pixels = new byte[height * width * 3];
        byte[] labels = new byte[height * width];
        byte[] pad = {(byte) Math.round(BatchCodec.MEAN[0] * 255), (byte) Math.round(BatchCodec.MEAN[1] * 255),
            (byte) Math.round(BatchCodec.MEAN[2] * 255)};
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int o = y * width + x;
                if (y < h && x < w) {
                    int src = y * w + x;
                    System.arraycopy(one.pixels(), 3 * src, pixels, 3 * o, 3);
                    labels[o] = one.trainIds()[src];
                } else {
                    System.arraycopy(pad, 0, pixels, 3 * o, 3);
                    labels[o] = (byte) CityscapesLabels.IGNORE_TRAIN_ID;
                }
            }
        }
        return new EncodedBatch(one.keys(), height, width, pixels, labels, new int[] {h}, new int[] {w});
    }

    /** Validation batches as {@code TrainStep.validation} builds them, from saliency rows. */
    static JavaRDD<EncodedBatch> validation(JavaRDD<Row> rows, long maxPixels, int multiple) {
        return rows.sortBy(r -> r.<String>getAs(SaliencySamples.KEY), true, Math.max(1, rows.getNumPartitions()))
                .mapPartitions(it -> {
                    List<EncodedBatch> out = new ArrayList<>();
                    List<EncodedBatch> current = new ArrayList<>();
                    while (it.hasNext()) {
                        SaliencyBatches.Sample s = decode(it.next());
                        EncodedBatch one = padded(s, BatchCodec.roundUp(s.image().height(), multiple),
                                BatchCodec.roundUp(s.image().width(), multiple));
                        long pixels = (current.size() + 1L) * one.pixelsPerImage();
                        if (!current.isEmpty() && (pixels > maxPixels || current.get(0).height() != one.height()
                                || current.get(0).width() != one.width())) {
                            out.add(BatchCodec.concat(current));
                            current = new ArrayList<>();
                        }
                        current.add(one);
                    }
                    if (!current.isEmpty()) {
                        out.add(BatchCodec.concat(current));
                    }
                    return out.iterator();
                });
    }

    /**
     * Mean per-image MAE (the saliency convention of {@code SaliencyMeasures}: prediction min-max
     * scaled, mask binarised) of {@code net} over validation batches, streamed one batch at a time;
     * NaN without images.
     */
    static double validationMae(org.deeplearning4j.nn.graph.ComputationGraph net, java.util.Iterator<EncodedBatch> batches) {
        return org.segpipe.model.train.Trainer.validate(net, batches, 1).meanMae();
    }

    private static long digest(byte[] bytes) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(bytes);
            long v = 0;
            for (int i = 0; i < 8; i++) {
                v = (v << 8) | (d[i] & 0xFF);
            }
            return v;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
