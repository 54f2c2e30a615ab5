package org.segpipe.model.predict;

import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.segpipe.core.dataset.DecodedSample;
import org.segpipe.core.image.RgbImage;
import org.segpipe.model.data.BatchCodec;
import org.segpipe.model.data.EncodedBatch;
import org.segpipe.model.io.SegModel;
import org.segpipe.model.net.UNetConfig;

/**
 * Batched inference with a trained model: per pixel the most probable train id and its
 * probability. Images are padded to the network's size multiple (padding never reaches the
 * result); with tiling, large images are cut into overlapping tiles whose class probabilities are
 * averaged where they overlap.
 *
 * <p>One network per instance, used by one thread at a time ({@code synchronized}): each call
 * already runs on all native threads, so tasks of the same executor take turns.
 */
public final class Predictor {

    /** How to cut large images: tiles of {@code height x width} overlapping by {@code overlap}; 0 means whole images. */
    public record Tiling(int height, int width, int overlap) implements java.io.Serializable {
        public static final Tiling NONE = new Tiling(0, 0, 0);

        public boolean enabled() {
            return height > 0 && width > 0;
        }
    }

    /** The prediction for one image: train ids and the probability of the chosen class, row-major. */
    public record Prediction(String key, int width, int height, byte[] trainIds, float[] confidence) {
    }

    private final ComputationGraph net;
    private final UNetConfig config;

    public Predictor(SegModel model) {
        this.net = model.network();
        this.config = model.metadata().net();
    }

    public UNetConfig config() {
        return config;
    }

    /** Checks a tiling against the network; the message names the key and the rule. */
    public static void checkTiling(Tiling t, UNetConfig cfg) {
        if (!t.enabled()) {
            return;
        }
        int m = cfg.sizeMultiple();
        if (t.height() % m != 0 || t.width() % m != 0) {
            throw new org.segpipe.core.config.ConfigException("'predict.tile-height' x 'predict.tile-width' is " + t.height() + "x"
                    + t.width() + " but both must be multiples of 2^model.depth = " + m);
        }
        if (t.overlap() < 0 || t.overlap() >= Math.min(t.height(), t.width())) {
            throw new org.segpipe.core.config.ConfigException("'predict.tile-overlap' is " + t.overlap()
                    + " but must be in [0, tile size)");
        }
    }

    /** Predicts a list of samples, in order; {@code batch} images per network call. */
    public synchronized List<Prediction> predict(List<DecodedSample> samples, int batch, Tiling tiling) {
        List<Prediction> out = new ArrayList<>(samples.size());
        List<DecodedSample> pending = new ArrayList<>();
        for (DecodedSample s : samples) {
            boolean tile = tiling.enabled() && (s.height() > tiling.height() || s.width() > tiling.width());
            if (tile) {
                out.addAll(flush(pending));
                out.add(tiled(s, tiling, batch));
                continue;
            }
            if (!pending.isEmpty() && (pending.size() == batch || pending.get(0).width() != s.width()
                    || pending.get(0).height() != s.height())) {
                out.addAll(flush(pending));
            }
            pending.add(s);
        }
        out.addAll(flush(pending));
        return out;
    }

    /**
     * Saliency maps of a one-channel sigmoid model (0-255 grey, {@code round(255 p)}), in order;
     * consecutive images of one size share a network call of up to {@code batch} images, each padded
     * to the network's size multiple and cut back to its own size.
     */
    public synchronized List<org.segpipe.core.metrics.saliency.GreyMap> saliency(List<RgbImage> images, int batch) {
        if (config.classes() != 1) {
            throw new IllegalArgumentException("saliency maps need a model with one sigmoid output (model.classes=1), this one has "
                    + config.classes() + " classes");
        }
        List<org.segpipe.core.metrics.saliency.GreyMap> out = new ArrayList<>(images.size());
        int i = 0;
        while (i < images.size()) {
            RgbImage first = images.get(i);
            int end = i + 1;
            while (end < images.size() && end - i < batch && images.get(end).width() == first.width()
                    && images.get(end).height() == first.height()) {
                end++;
            }
            List<DecodedSample> part = new ArrayList<>();
            for (int k = i; k < end; k++) {
                part.add(new DecodedSample("image-" + k, org.segpipe.core.cityscapes.Split.TEST, images.get(k), null, null));
            }
            int h = BatchCodec.roundUp(first.height(), config.sizeMultiple());
            int w = BatchCodec.roundUp(first.width(), config.sizeMultiple());
            INDArray probs = net.output(false, BatchCodec.features(BatchCodec.encode(part, h, w, false)))[0];
            for (int k = 0; k < part.size(); k++) {
                org.segpipe.core.metrics.saliency.GreyMap full = org.segpipe.model.data.SaliencyBatches.toGrey(probs, k);
                byte[] v = new byte[first.width() * first.height()];
                for (int y = 0; y < first.height(); y++) {
                    System.arraycopy(full.values(), y * w, v, y * first.width(), first.width());
                }
                out.add(new org.segpipe.core.metrics.saliency.GreyMap(first.width(), first.height(), v));
            }
            i = end;
        }
        return out;
    }

    private List<Prediction> flush(List<DecodedSample> pending) {
        if (pending.isEmpty()) {
            return List.of();
        }
        int h = BatchCodec.roundUp(pending.get(0).height(), config.sizeMultiple());
        int w = BatchCodec.roundUp(pending.get(0).width(), config.sizeMultiple());
        EncodedBatch b = BatchCodec.encode(pending, h, w, false);
        INDArray probs = net.output(false, BatchCodec.features(b))[0];
        int[] argmax = Nd4j.argMax(probs, 3).castTo(DataType.INT).reshape(-1).toIntVector();
        float[] max = probs.max(3).castTo(DataType.FLOAT).reshape(-1).toFloatVector();
        List<Prediction> out = new ArrayList<>(pending.size());
        for (int i = 0; i < pending.size(); i++) {
            DecodedSample s = pending.get(i);
            out.add(crop(s.key(), s.width(), s.height(), argmax, max, i * h * w, w));
        }
        pending.clear();
        return out;
    }

    private static Prediction crop(String key, int width, int height, int[] argmax, float[] max, int offset, int rowStride) {
        byte[] ids = new byte[width * height];
        float[] conf = new float[width * height];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int src = offset + y * rowStride + x;
                ids[y * width + x] = (byte) argmax[src];
                conf[y * width + x] = max[src];
            }
        }
        return new Prediction(key, width, height, ids, conf);
    }

    /** Tiles of the image, the probabilities of overlapping tiles averaged. */
    private Prediction tiled(DecodedSample s, Tiling t, int batch) {
        int classes = config.classes();
        int th = t.height();
        int tw = t.width();
        List<int[]> origins = new ArrayList<>();
        for (int y : starts(s.height(), th, t.overlap())) {
            for (int x : starts(s.width(), tw, t.overlap())) {
                origins.add(new int[] {x, y});
            }
        }
        INDArray sum = Nd4j.zeros(DataType.FLOAT, s.height(), s.width(), classes);
        INDArray count = Nd4j.zeros(DataType.FLOAT, s.height(), s.width(), 1);
        RgbImage image = s.image();
        for (int i = 0; i < origins.size(); i += batch) {
            List<DecodedSample> tiles = new ArrayList<>();
            List<int[]> boxes = origins.subList(i, Math.min(origins.size(), i + batch));
            for (int[] o : boxes) {
                int w = Math.min(tw, s.width() - o[0]);
                int h = Math.min(th, s.height() - o[1]);
                tiles.add(new DecodedSample(s.key(), s.split(), cut(image, o[0], o[1], w, h), null, null));
            }
            EncodedBatch b = BatchCodec.encode(tiles, th, tw, false);
            INDArray probs = net.output(false, BatchCodec.features(b))[0];
            for (int k = 0; k < boxes.size(); k++) {
                int[] o = boxes.get(k);
                int w = Math.min(tw, s.width() - o[0]);
                int h = Math.min(th, s.height() - o[1]);
                INDArray p = probs.get(NDArrayIndex.point(k), NDArrayIndex.interval(0, h), NDArrayIndex.interval(0, w), NDArrayIndex.all());
                sum.get(NDArrayIndex.interval(o[1], o[1] + h), NDArrayIndex.interval(o[0], o[0] + w), NDArrayIndex.all()).addi(p);
                count.get(NDArrayIndex.interval(o[1], o[1] + h), NDArrayIndex.interval(o[0], o[0] + w), NDArrayIndex.all()).addi(1);
            }
        }
        INDArray mean = sum.divi(count);
        int[] argmax = Nd4j.argMax(mean, 2).castTo(DataType.INT).reshape(-1).toIntVector();
        float[] max = mean.max(2).reshape(-1).toFloatVector();
        return crop(s.key(), s.width(), s.height(), argmax, max, 0, s.width());
    }

    /** Tile origins along one axis: stride {@code size - overlap}, the last tile flush with the end. */
    static List<Integer> starts(int length, int size, int overlap) {
        List<Integer> out = new ArrayList<>();
        if (length <= size) {
            out.add(0);
            return out;
        }
        int stride = size - overlap;
        for (int p = 0; ; p += stride) {
            if (p + size >= length) {
                out.add(length - size);
                break;
            }
            out.add(p);
        }
        return out;
    }

    private static RgbImage cut(RgbImage img, int x0, int y0, int w, int h) {
        byte[] out = new byte[w * h * 3];
        for (int y = 0; y < h; y++) {
            System.arraycopy(img.rgb(), ((y0 + y) * img.width() + x0) * 3, out, y * w * 3, w * 3);
        }
        return new RgbImage(w, h, out);
    }
}
