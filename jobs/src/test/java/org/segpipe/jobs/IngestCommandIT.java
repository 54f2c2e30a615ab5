package org.segpipe.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.segpipe.testkit.FixtureDatasets;
import org.segpipe.testkit.LocalSpark;

/** {@code seg ingest} through the command line, then the dataset through {@code seg sql}. */
class IngestCommandIT {

    private record Outcome(int code, String out, String err) {
    }

    private static Outcome run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        SegCli cli = new SegCli(List.of(new IngestCommand(), new SqlCommand(new ByteArrayInputStream(new byte[0]), false)));
        int code = cli.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Outcome(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @BeforeAll
    static void sharedSession() {
        LocalSpark.get(); // the commands then reuse the test's local[2] session
    }

    @Test
    void ingestsThenQueriesTheDataset(@TempDir Path dir) throws Exception {
        Path root = FixtureDatasets.cityscapes(dir.resolve("cs"), 4, 64, 32, 21);
        Files.write(root.resolve("leftImg8bit/val/frankfurt/frankfurt_000000_000019_leftImg8bit.png"), new byte[] {9});
        Path out = dir.resolve("ds");
        Outcome o = run("ingest", "--input", root.toString(), "--output", out.toString(), "--dataset-version", "v7");
        assertEquals(ExitCodes.PROBLEMS_FOUND, o.code(), o.err()); // published, with a reject
        assertTrue(o.out().startsWith("ingested " + root + " into " + out + ": dataset version v7, 3 samples"), o.out());
        assertTrue(o.out().contains("  balance: 4 images in = 3 shard rows + 1 rejected images (1 reject rows)"), o.out());
        assertTrue(o.out().contains("rejects: 1 rows (decode 1)"), o.out());
        assertTrue(o.out().contains("[decode] ") && o.out().contains("frankfurt_000000_000019_leftImg8bit.png: not a PNG file"),
                o.out());

        Outcome q = run("sql", "--dataset", out.toString(), "--format", "csv",
                "SELECT split, count(*) AS n, sum(width * height) AS px, min(dataset_version) AS v FROM shards "
                        + "GROUP BY split ORDER BY split");
        assertEquals(ExitCodes.OK, q.code(), q.err());
        assertEquals("split,n,px,v\r\ntrain,2,4096,v7\r\nval,1,2048,v7\r\n", q.out());
        // Named datasets get prefixed views; the manifest is one row of its JSON.
        Outcome named = run("sql", "--dataset", "cs=" + out, "--format", "csv",
                "SELECT m.dataset_version, m.balance.images_in, r.stage, s.image_png IS NOT NULL AS has_png FROM cs_manifest m "
                        + "CROSS JOIN cs_rejects r CROSS JOIN (SELECT image_png FROM cs_shards LIMIT 1) s");
        assertEquals("dataset_version,images_in,stage,has_png\r\nv7,4,decode,true\r\n", named.out(), named.err());
        Outcome bytes = run("sql", "--dataset", out.toString(), "SELECT key, image_png FROM shards ORDER BY key LIMIT 1");
        assertTrue(bytes.out().matches("(?s)key\\s+\\| image_png\\n.*aachen_000000_000019 \\| <\\d+ bytes>\\n\\(1 row\\)\\n"),
                bytes.out());
    }

    @Test
    void wholeInputProblemsExitTwoWithOneLine(@TempDir Path dir) {
        Outcome missing = run("ingest", "--input", dir.resolve("none").toString(), "--output", dir.resolve("ds").toString());
        assertEquals(ExitCodes.USAGE, missing.code());
        assertEquals("seg ingest: input " + dir.resolve("none") + " does not exist\n", missing.err());
        Outcome option = run("ingest", "--input", dir.resolve("in").toString(), "--output", dir.resolve("ds").toString(),
                "--target-shard-mb", "0");
        assertEquals(ExitCodes.USAGE, option.code());
        assertTrue(option.err().startsWith("seg ingest: 'ingest.target-shard-mb' is 0 but must be a positive number of MB"),
                option.err());
        Outcome split = run("ingest", "--input", dir.resolve("in").toString(), "--output", dir.resolve("ds").toString(),
                "--splits", "tran");
        assertTrue(split.err().contains("'ingest.splits' has 'tran' but splits are train, val, test and train_extra"), split.err());
        Outcome inside = run("ingest", "--input", dir.toString(), "--output", dir.resolve("ds").toString());
        assertTrue(inside.err().contains("must not be the input tree or lie inside it"), inside.err());
        Outcome notDataset = run("sql", "--dataset", dir.toString(), "SELECT 1");
        assertEquals(ExitCodes.USAGE, notDataset.code());
        assertTrue(notDataset.err().contains("has no manifest.json"), notDataset.err());
    }
}
