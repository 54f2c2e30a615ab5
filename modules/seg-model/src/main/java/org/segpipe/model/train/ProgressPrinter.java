package org.segpipe.model.train;

import java.io.PrintStream;
import java.util.Locale;

/**
 * Prints training progress: on a terminal a bar redrawn in place for each batch, otherwise (logs,
 * schedulers) one line per epoch plus a status line at most every {@code lineSeconds}.
 */
public final class ProgressPrinter implements Trainer.Listener {

    private final PrintStream out;
    private final boolean bar;
    private final int epochs;
    private final double lineSeconds;
    private long lastLine = System.nanoTime();

    public ProgressPrinter(PrintStream out, boolean bar, int epochs, double lineSeconds) {
        this.out = out;
        this.bar = bar;
        this.epochs = epochs;
        this.lineSeconds = lineSeconds;
    }

    /** A bar when the JVM is attached to a terminal, else lines every 60 s. */
    public static ProgressPrinter auto(PrintStream out, int epochs) {
        return new ProgressPrinter(out, System.console() != null, epochs, 60);
    }

    @Override
    public void batchDone(int epoch, long batchInEpoch, long batchesPerEpoch, double loss, double imagesPerSecond) {
        if (bar) {
            int width = 30;
            int done = (int) Math.min(width, width * batchInEpoch / Math.max(1, batchesPerEpoch));
            out.printf(Locale.ROOT, "\repoch %d/%d [%s%s] %d/%d loss %.4f %.2f img/s ", epoch + 1, epochs, "#".repeat(done),
                    ".".repeat(width - done), batchInEpoch, batchesPerEpoch, loss, imagesPerSecond);
            out.flush();
        } else if ((System.nanoTime() - lastLine) / 1e9 >= lineSeconds) {
            lastLine = System.nanoTime();
            out.printf(Locale.ROOT, "epoch %d/%d: batch %d/%d, loss %.4f, %.2f img/s%n", epoch + 1, epochs, batchInEpoch,
                    batchesPerEpoch, loss, imagesPerSecond);
        }
    }

    @Override
    public void epochDone(EpochRecord r) {
        if (bar) {
            out.print("\r");
        }
        out.printf(Locale.ROOT, "epoch %d/%d: loss %.4f, val mIoU %s, pixel acc %s%s, lr %.3g, %.2f img/s, %.0f s%n", r.epoch(), epochs,
                r.trainLoss(), format(r.validationMiou()), format(r.validationPixelAccuracy()),
                Double.isNaN(r.validationMae()) ? "" : ", val MAE " + format(r.validationMae()), r.learningRate(),
                r.imagesPerSecond(), r.trainSeconds() + r.validationSeconds());
        lastLine = System.nanoTime();
    }

    private static String format(double v) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.4f", v);
    }
}
