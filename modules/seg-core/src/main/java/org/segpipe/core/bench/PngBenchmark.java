package org.segpipe.core.bench;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.segpipe.core.cityscapes.SampleKey;
import org.segpipe.core.cityscapes.Split;
import org.segpipe.core.generate.SyntheticSample;
import org.segpipe.core.png.PngImages;

/**
 * PNG decode throughput on a generated Cityscapes frame: the 8-bit RGB image, the 8-bit labelIds
 * and the 16-bit instanceIds, with this project's decoder on 1 and 2 threads and with the JDK's
 * ImageIO PNG reader as the baseline measured in the same run.
 */
public final class PngBenchmark {

    /** One row of the result table. */
    public record Row(String file, String decoder, int threads, double imagesPerSecond, double megapixelsPerSecond,
                      double compressedMegabytesPerSecond) {
    }

    private PngBenchmark() {
    }

    public static List<Row> run(int width, int height, double seconds, int maxThreads) {
        SyntheticSample s = SyntheticSample.create(1, Split.VAL, new SampleKey("frankfurt", 0, 19), width, height);
        record Input(String name, byte[] png, Runnable ours) {
        }
        byte[] rgb = PngImages.encode(s.image());
        byte[] labels = PngImages.encode(s.labelIds());
        byte[] instances = PngImages.encode(s.instanceIds());
        List<Input> inputs = List.of(
                new Input("leftImg8bit (8-bit RGB)", rgb, () -> PngImages.decodeRgb(rgb, "bench")),
                new Input("labelIds (8-bit gray)", labels, () -> PngImages.decodeLabelIds(labels, "bench")),
                new Input("instanceIds (16-bit gray)", instances, () -> PngImages.decodeInstanceIds(instances, "bench")));
        double mp = width * (double) height / 1e6;
        double warmup = Math.min(1.0, seconds / 2);
        List<Row> rows = new ArrayList<>();
        for (Input in : inputs) {
            double mb = in.png().length / 1e6;
            Runnable imageIo = () -> {
                try {
                    ImageIO.read(new ByteArrayInputStream(in.png()));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            };
            Throughput.Measurement base = Throughput.measure(imageIo, 1, warmup, seconds);
            rows.add(new Row(in.name(), "ImageIO (baseline)", 1, base.runsPerSecond(), base.runsPerSecond() * mp,
                    base.runsPerSecond() * mb));
            for (int t = 1; t <= maxThreads; t *= 2) {
                Throughput.Measurement m = Throughput.measure(in.ours(), t, warmup, seconds);
                rows.add(new Row(in.name(), "segpipe", t, m.runsPerSecond(), m.runsPerSecond() * mp, m.runsPerSecond() * mb));
            }
        }
        return rows;
    }

    public static void print(List<Row> rows, int width, int height, PrintStream out) {
        out.printf("PNG decode throughput, %dx%d frames, %d cores available%n", width, height,
                Runtime.getRuntime().availableProcessors());
        out.printf("%-27s %-20s %7s %9s %10s %9s %9s%n", "file", "decoder", "threads", "images/s", "MP/s", "MB/s in",
                "vs base");
        double base = Double.NaN;
        for (Row r : rows) {
            if (r.decoder().startsWith("ImageIO")) {
                base = r.megapixelsPerSecond();
            }
            out.printf("%-27s %-20s %7d %9.2f %10.1f %9.1f %8.2fx%n", r.file(), r.decoder(), r.threads(),
                    r.imagesPerSecond(), r.megapixelsPerSecond(), r.compressedMegabytesPerSecond(),
                    r.megapixelsPerSecond() / base);
        }
    }
}
