package org.segpipe.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SegCliTest {

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
    void helpListsCommandsAndOptions() {
        Outcome top = run("--help");
        assertEquals(ExitCodes.OK, top.code());
        assertTrue(top.out().contains("generate") && top.out().contains("inspect") && top.out().contains("bench"), top.out());
        Outcome gen = run("generate", "--help");
        assertTrue(gen.out().contains("--images N") && gen.out().contains("[generate.images]"), gen.out());
        assertEquals(ExitCodes.USAGE, run().code());
    }

    @Test
    void generateThenInspectRoundTrip(@TempDir Path dir) {
        Path out = dir.resolve("cs");
        Outcome g = run("generate", "--out", out.toString(), "--images", "4", "--height", "32", "--width", "64", "--seed", "7");
        assertEquals(ExitCodes.OK, g.code(), g.err());
        assertTrue(g.out().startsWith("generated 4 frames (20 files"), g.out());
        Outcome i = run("inspect", out.toString());
        assertEquals(ExitCodes.OK, i.code(), i.out() + i.err());
        assertTrue(i.out().contains("valid samples: 4"), i.out());
    }

    @Test
    void inspectExitsOneOnProblems(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("cs");
        run("generate", "--out", out.toString(), "--images", "2", "--height", "32", "--width", "64");
        Files.write(out.resolve("leftImg8bit/train/aachen/aachen_000000_000019_leftImg8bit.png"), new byte[3]);
        Outcome i = run("inspect", out.toString());
        assertEquals(ExitCodes.PROBLEMS_FOUND, i.code());
        assertTrue(i.out().contains("not a PNG file"), i.out());
    }

    @Test
    void badCommandLinesExitTwoWithAMessage(@TempDir Path dir) {
        Outcome unknown = run("frobnicate");
        assertEquals(ExitCodes.USAGE, unknown.code());
        assertTrue(unknown.err().contains("unknown command 'frobnicate'"), unknown.err());
        Outcome option = run("generate", "--out", dir.toString(), "--imgs", "3");
        assertEquals(ExitCodes.USAGE, option.code());
        assertTrue(option.err().contains("unknown option '--imgs'"), option.err());
        Outcome value = run("generate", "--out", dir.toString(), "--height", "tall");
        assertEquals(ExitCodes.USAGE, value.code());
        assertTrue(value.err().contains("'generate.height' is 'tall' but must be an integer"), value.err());
        Outcome missing = run("generate");
        assertTrue(missing.err().contains("'generate.out' is not set"), missing.err());
        Outcome key = run("generate", "--set", "generate.imagez=3");
        assertTrue(key.err().contains("did you mean 'generate.images'"), key.err());
    }
}
