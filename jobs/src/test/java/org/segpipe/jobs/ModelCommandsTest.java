package org.segpipe.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The model commands' command lines: the summary, and bad settings refused with exit code 2 before any work. */
class ModelCommandsTest {

    private record Outcome(int code, String out, String err) {
    }

    private static Outcome run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = SegCli.standard().run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Outcome(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void summaryOfTheReferenceNetwork() {
        Outcome o = run("model", "summary");
        assertEquals(ExitCodes.OK, o.code(), o.err());
        assertTrue(o.out().contains("total: 1,945,827 parameters (1.946 M), 12.21 GFLOP per image forward, receptive field 200 px"), o.out());
        Outcome small = run("model", "summary", "--set", "model.depth=2", "--set", "model.upsampling=unpool",
                "--set", "model.input-height=32", "--set", "model.input-width=64");
        assertEquals(ExitCodes.OK, small.code(), small.err());
        assertTrue(small.out().contains("dec0-up          MaxUnpool2x2"), small.out());
    }

    @Test
    void badSettingsExitTwoBeforeAnyWork() {
        Outcome shape = run("model", "summary", "--set", "model.input-width=500");
        assertEquals(ExitCodes.USAGE, shape.code());
        assertTrue(shape.err().contains("'model.input-width' is 500 but must be a positive multiple of 2^model.depth = 16"), shape.err());
        Outcome train = run("train", "--data", "/nowhere", "--out", "/tmp/x", "--set", "train.optimizer=lion");
        assertEquals(ExitCodes.USAGE, train.code());
        assertTrue(train.err().contains("'train.optimizer' is lion"), train.err());
        Outcome missing = run("predict", "--data", "/nowhere", "--out", "/tmp/x");
        assertEquals(ExitCodes.USAGE, missing.code());
        assertTrue(missing.err().contains("'predict.model' is not set but is required"), missing.err());
    }
}
