package org.segpipe.jobs.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.segpipe.core.cityscapes.Split;
import org.segpipe.core.generate.DatasetGenerator;
import org.segpipe.core.generate.GenerateConfig;
import org.segpipe.core.image.ClassMask;
import org.segpipe.core.image.InstanceMask;
import org.segpipe.core.png.PngEncoder;
import org.segpipe.core.png.PngImages;
import org.segpipe.core.results.SyntheticResults;
import org.segpipe.jobs.EvaluateCommand;
import org.segpipe.jobs.ExitCodes;
import org.segpipe.jobs.IngestCommand;
import org.segpipe.jobs.SegCli;
import org.segpipe.testkit.LocalSpark;

/**
 * A folder of hostile inputs around a few good generated samples, through {@code seg ingest} and
 * {@code seg evaluate}: every hostile file is reported with a reason naming it and saying what was
 * expected and found, the jobs finish with exit code 1, and the counts balance.
 *
 * <p>The corpus (val split, 64x32 images, one key per case; keys are the generated ones, sorted):
 * <pre>
 *   k0          good
 *   k1..k6      good ground truth, hostile predictions: semantic PNG of the wrong size, semantic PNG
 *               with unknown ids, semantic PNG missing, instance txt whose mask paths escape the
 *               results folder (../../etc/passwd, /etc/passwd), 0-byte instance txt, 0-byte
 *               semantic PNG
 *   k7..k17     hostile ground truth: truncated image, labelIds with a bad CRC, image of garbage
 *               after the signature, labelIds claiming 100000x100000, 16-bit labelIds, 8-bit
 *               instanceIds, labelIds of the wrong size, labelIds with unknown ids, 0-byte image,
 *               0-byte labelIds, a folder named like the labelIds file
 *   extra       names that break {city}_{seq:06d}_{frame:06d}_{type}{suffix}, a folder named like
 *               an image
 * </pre>
 */
class HostileInputsIT {

    private static final int W = 64;
    private static final int H = 32;
    private static final int FRAMES = 18;

    private record Outcome(int code, String out, String err) {
    }

    private static Outcome cli(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        SegCli cli = new SegCli(List.of(new IngestCommand(), new EvaluateCommand()));
        int code = cli.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Outcome(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @BeforeAll
    static void sharedSession() {
        LocalSpark.get(); // the commands reuse the test's local[2] session
    }

    @Test
    void everyHostileInputIsReportedAndTheCountsBalance(@TempDir Path dir) throws Exception {
        Path root = dir.resolve("cs");
        DatasetGenerator.run(new GenerateConfig(root, Map.of(Split.VAL, FRAMES), H, W, 31, GenerateConfig.DEFAULT_CITIES, 1));
        Path sem = dir.resolve("results/sem");
        Path inst = dir.resolve("results/inst");
        SyntheticResults.write(root, Split.VAL, 5, sem, inst, null); // predictions for every frame, before the damage
        List<String> keys = keys(root);
        assertEquals(FRAMES, keys.size());

        // --- hostile predictions for good ground truth
        ClassMask good = labels(root, keys.get(1));
        write(semantic(sem, keys.get(1)), PngEncoder.encodeGray8(W / 2, H / 2, new byte[W * H / 4]));
        byte[] unknown = good.values().clone();
        unknown[0] = (byte) 250;
        write(semantic(sem, keys.get(2)), PngEncoder.encodeGray8(W, H, unknown));
        Files.delete(semantic(sem, keys.get(3)));
        Path escaping = instTxt(inst, keys.get(4));
        String goodLine = Files.readAllLines(escaping).stream().filter(l -> !l.isBlank()).findFirst().orElse("");
        write(escaping, ("../../etc/passwd 26 0.9\n/etc/passwd 26 0.8\n" + goodLine + "\n").getBytes(StandardCharsets.UTF_8));
        write(instTxt(inst, keys.get(5)), new byte[0]);
        write(semantic(sem, keys.get(6)), new byte[0]);

        // --- hostile ground truth (and images)
        Path truncated = image(root, keys.get(7));
        byte[] png = Files.readAllBytes(truncated);
        write(truncated, Arrays.copyOf(png, png.length / 2));
        Path badCrc = labelIds(root, keys.get(8));
        png = Files.readAllBytes(badCrc);
        png[indexOf(png, "IDAT") + 6] ^= 0x5A; // a data byte: the chunk's CRC no longer matches
        write(badCrc, png);
        Path garbage = image(root, keys.get(9));
        byte[] g = new byte[200];
        System.arraycopy(Files.readAllBytes(garbage), 0, g, 0, 8);
        for (int i = 8; i < g.length; i++) {
            g[i] = (byte) (i * 37 + 11);
        }
        write(garbage, g);
        Path huge = labelIds(root, keys.get(10));
        write(huge, claimSize(Files.readAllBytes(huge), 100_000, 100_000));
        Path sixteen = labelIds(root, keys.get(11));
        short[] wide = new short[W * H];
        byte[] l11 = labels(root, keys.get(11)).values();
        for (int i = 0; i < wide.length; i++) {
            wide[i] = (short) (l11[i] & 0xFF);
        }
        write(sixteen, PngEncoder.encodeGray16(W, H, wide));
        Path eight = instanceIds(root, keys.get(12));
        InstanceMask im = PngImages.decodeInstanceIds(Files.readAllBytes(eight), eight.toString());
        byte[] narrow = new byte[W * H];
        for (int i = 0; i < narrow.length; i++) {
            narrow[i] = (byte) Math.min(im.values()[i] & 0xFFFF, 33);
        }
        write(eight, PngEncoder.encodeGray8(W, H, narrow));
        Path small = labelIds(root, keys.get(13));
        write(small, PngEncoder.encodeGray8(W / 2, H / 2, new byte[W * H / 4]));
        Path unknownIds = labelIds(root, keys.get(14));
        byte[] l14 = labels(root, keys.get(14)).values().clone();
        l14[5] = (byte) 200;
        write(unknownIds, PngEncoder.encodeGray8(W, H, l14));
        Path emptyImage = image(root, keys.get(15));
        write(emptyImage, new byte[0]);
        Path emptyLabels = labelIds(root, keys.get(16));
        write(emptyLabels, new byte[0]);
        Path labelDir = labelIds(root, keys.get(17));
        Files.delete(labelDir);
        Files.createDirectories(labelDir.resolve("inside"));

        // --- names that break the grammar, and a folder named like an image
        Path city = image(root, keys.get(0)).getParent();
        String cityName = city.getFileName().toString();
        Path sevenDigits = city.resolve(cityName + "_0000001_000019_leftImg8bit.png");
        Path dashes = city.resolve(cityName + "-000001-000019_leftImg8bit.png");
        Path noType = city.resolve(cityName + "_000001_000019.png");
        for (Path p : List.of(sevenDigits, dashes, noType)) {
            Files.copy(image(root, keys.get(0)), p);
        }
        Path folderImage = city.resolve(cityName + "_000999_000019_leftImg8bit.png");
        Files.createDirectories(folderImage.resolve("inside"));

        // ================= ingest
        Path ds = dir.resolve("ds");
        Outcome ingest = cli("ingest", "--input", root.toString(), "--output", ds.toString(), "--splits", "val",
                "--dataset-version", "hostile");
        assertEquals(ExitCodes.PROBLEMS_FOUND, ingest.code(), ingest.out() + ingest.err());
        SparkSession spark = LocalSpark.get();
        List<Row> rejects = spark.read().parquet(ds.resolve("rejects").toString()).collectAsList();
        String rejectText = rejects.stream().map(Row::toString).collect(Collectors.joining("\n"));
        long shardRows = spark.read().parquet(ds.resolve("shards").toString()).count();

        expectReject(rejects, rejectText, truncated, "truncated", "claims", "remain");
        expectReject(rejects, rejectText, badCrc, "CRC mismatch", "expected", "found");
        expectReject(rejects, rejectText, garbage, "expected an IHDR chunk", "found");
        expectReject(rejects, rejectText, huge, "claims 100000x100000", "limit");
        expectReject(rejects, rejectText, sixteen, "expected 8-bit grayscale, found 16-bit");
        expectReject(rejects, rejectText, eight, "expected 16-bit grayscale, found 8-bit");
        expectReject(rejects, rejectText, small, "expected " + W + "x" + H, "found " + W / 2 + "x" + H / 2);
        expectReject(rejects, rejectText, unknownIds, "expected label ids 0..33", "found unknown ids 200");
        expectReject(rejects, rejectText, emptyImage, "empty (0 bytes)");
        expectReject(rejects, rejectText, emptyLabels, "empty (0 bytes)");
        expectReject(rejects, rejectText, labelDir, "expected a file, found a directory");
        expectReject(rejects, rejectText, sevenDigits, "expected {city}_{seq:06d}_{frame:06d}");
        expectReject(rejects, rejectText, dashes, "expected {city}_{seq:06d}_{frame:06d}");
        expectReject(rejects, rejectText, noType, "expected {city}_{seq:06d}_{frame:06d}");
        expectReject(rejects, rejectText, folderImage, "expected a file, found a directory");

        // images in = shard rows + rejected images: as the job prints it from the manifest, and as counted here
        long imagesIn = FRAMES + 4; // the generated frames, three misnamed files and the folder
        long rejectedImages = rejects.stream().filter(r -> r.getAs("image_path") != null)
                .map(r -> (String) r.getAs("image_path")).distinct().count();
        assertEquals(7, shardRows, rejectText); // k0..k6
        assertEquals(FRAMES - 7 + 4, rejectedImages, rejectText); // k7..k17 and the four entries above
        assertEquals(imagesIn, shardRows + rejectedImages);
        assertTrue(ingest.out().contains("balance: " + imagesIn + " images in = " + shardRows + " shard rows + "
                + rejectedImages + " rejected images (" + rejects.size() + " reject rows)"), ingest.out());

        // ================= evaluate, against the hostile tree
        Path reports = dir.resolve("reports");
        Outcome eval = cli("evaluate", "--gt", root.toString(), "--semantic", sem.toString(), "--instances", inst.toString(),
                "--out", reports.toString(), "--run-id", "hostile-1", "--partitions", "2", "--set", "spark.master=local[2]");
        assertEquals(ExitCodes.PROBLEMS_FOUND, eval.code(), eval.out() + eval.err());
        spark = LocalSpark.get(); // the command stops the session it used
        List<Row> problems = spark.read().parquet(reports.resolve("problems").toString()).collectAsList();
        String problemText = problems.stream().map(Row::toString).collect(Collectors.joining("\n"));
        Row run = spark.read().parquet(reports.resolve("runs").toString()).first();

        expectProblem(problems, problemText, semantic(sem, keys.get(1)), "wrong_size", "expected " + W + "x" + H,
                "found " + W / 2 + "x" + H / 2);
        expectProblem(problems, problemText, semantic(sem, keys.get(2)), "unknown_label_id", "250");
        expectProblemForKey(problems, problemText, keys.get(3), "missing_prediction", "semantic");
        expectProblem(problems, problemText, escaping, "path_outside", "../../etc/passwd", "outside the results folder");
        expectProblem(problems, problemText, escaping, "path_outside", "/etc/passwd", "absolute");
        // a 0-byte txt is the official format's "no instances predicted" (what a predictor writes for an
        // image without detections): evaluated as such, not a problem
        assertTrue(problems.stream().noneMatch(r -> keys.get(5).equals(r.getAs("image_key"))), problemText);
        expectProblem(problems, problemText, semantic(sem, keys.get(6)), "unreadable", "not a PNG file", "empty (0 bytes)");
        expectProblem(problems, problemText, badCrc, "bad_ground_truth", "CRC mismatch", "not evaluated");
        expectProblem(problems, problemText, huge, "bad_ground_truth", "claims 100000x100000", "limit");
        expectProblem(problems, problemText, sixteen, "bad_ground_truth", "expected 8-bit grayscale, found 16-bit");
        expectProblem(problems, problemText, eight, "bad_ground_truth", "expected 16-bit grayscale, found 8-bit");
        // without the camera image, evaluate can only tell that labelIds and instanceIds disagree
        expectProblem(problems, problemText, instanceIds(root, keys.get(13)), "bad_ground_truth",
                "expected the size of " + small.getFileName() + ", " + W / 2 + "x" + H / 2, "found " + W + "x" + H);
        expectProblem(problems, problemText, unknownIds, "bad_ground_truth", "label ids [200]", "outside the label table");
        expectProblem(problems, problemText, emptyLabels, "bad_ground_truth", "empty (0 bytes)");
        expectProblem(problems, problemText, labelDir, "bad_ground_truth", "expected a file, found a directory");
        expectProblem(problems, problemText, folderImage, "bad_ground_truth", "expected a file, found a directory");
        for (Path bad : List.of(sevenDigits, dashes, noType)) {
            expectProblem(problems, problemText, bad, "bad_ground_truth", "expected {city}_{seq:06d}_{frame:06d}");
        }
        expectProblem(problems, problemText, image(root, keys.get(17)), "bad_ground_truth", "unpaired image",
                labelDir.getFileName().toString());
        assertTrue(!problemText.contains("root:x:0:0"), "/etc/passwd was never read");

        // the job's own balance: ground-truth images = evaluated + rejected, and every rejected image has
        // a bad_ground_truth row; with the listing's rejects (misnamed files, folders, the unpaired image)
        // every entry under leftImg8bit is accounted for
        long total = run.getAs("images_total");
        long evaluated = run.getAs("images_evaluated");
        long rejected = run.getAs("images_rejected");
        assertEquals(total, evaluated + rejected);
        assertEquals(FRAMES - 1, total, problemText); // k17 has no labelIds file, so it is no ground-truth image
        assertEquals(7, rejected, problemText); // k8, k10..k14, k16
        long badTruth = problems.stream().filter(r -> "bad_ground_truth".equals(r.getAs("kind")) && r.getAs("image_key") != null)
                .map(r -> (String) r.getAs("image_key")).distinct().count();
        assertEquals(rejected, badTruth, problemText);
        long unlisted = problems.stream().filter(r -> "bad_ground_truth".equals(r.getAs("kind")) && r.getAs("image_key") == null
                && ((String) r.getAs("path")).contains("/leftImg8bit/")).count();
        assertEquals(imagesIn, total + unlisted, problemText);
        assertEquals(problems.size(), (long) run.getAs("problems"), problemText);
        assertTrue(eval.out().contains(problems.size() + " problems in the input"), eval.out());
    }

    private static void expectReject(List<Row> rejects, String all, Path file, String... words) {
        String name = file.getFileName().toString();
        for (Row r : rejects) {
            String path = r.getAs("path");
            String reason = r.getAs("reason");
            if (path != null && path.endsWith(name) && reason.contains(name) && containsAll(reason, words)) {
                return;
            }
        }
        fail("no reject for " + name + " with " + List.of(words) + "; rejects:\n" + all);
    }

    private static void expectProblem(List<Row> problems, String all, Path file, String kind, String... words) {
        String name = file.getFileName().toString();
        for (Row r : problems) {
            String path = r.getAs("path");
            String reason = r.getAs("reason");
            if (path != null && path.endsWith(name) && ((String) r.getAs("kind")).contains(kind) && containsAll(reason, words)) {
                return;
            }
        }
        fail("no problem for " + name + " of kind '" + kind + "' with " + List.of(words) + "; problems:\n" + all);
    }

    private static void expectProblemForKey(List<Row> problems, String all, String key, String kind, String... words) {
        for (Row r : problems) {
            if (key.equals(r.getAs("image_key")) && kind.equals(r.getAs("kind")) && containsAll(r.getAs("reason"), words)) {
                return;
            }
        }
        fail("no problem for " + key + " of kind '" + kind + "' with " + List.of(words) + "; problems:\n" + all);
    }

    private static boolean containsAll(String reason, String... words) {
        String lower = reason.toLowerCase();
        return Stream.of(words).allMatch(w -> lower.contains(w.toLowerCase()));
    }

    private static List<String> keys(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root.resolve("leftImg8bit/val"))) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith("_leftImg8bit.png"))
                    .map(n -> n.substring(0, n.length() - "_leftImg8bit.png".length())).sorted().toList();
        }
    }

    private static String cityOf(String key) {
        return key.substring(0, key.indexOf('_'));
    }

    private static Path image(Path root, String key) {
        return root.resolve("leftImg8bit/val").resolve(cityOf(key)).resolve(key + "_leftImg8bit.png");
    }

    private static Path labelIds(Path root, String key) {
        return root.resolve("gtFine/val").resolve(cityOf(key)).resolve(key + "_gtFine_labelIds.png");
    }

    private static Path instanceIds(Path root, String key) {
        return root.resolve("gtFine/val").resolve(cityOf(key)).resolve(key + "_gtFine_instanceIds.png");
    }

    private static Path semantic(Path sem, String key) {
        return sem.resolve(cityOf(key)).resolve(key + "_pred_labelIds.png");
    }

    private static Path instTxt(Path inst, String key) {
        return inst.resolve(cityOf(key)).resolve(key + "_pred.txt");
    }

    private static ClassMask labels(Path root, String key) throws IOException {
        Path p = labelIds(root, key);
        return PngImages.decodeLabelIds(Files.readAllBytes(p), p.toString());
    }

    private static void write(Path p, byte[] bytes) throws IOException {
        Files.write(p, bytes);
    }

    private static int indexOf(byte[] data, String ascii) {
        byte[] t = ascii.getBytes(StandardCharsets.US_ASCII);
        outer:
        for (int i = 0; i + t.length <= data.length; i++) {
            for (int j = 0; j < t.length; j++) {
                if (data[i + j] != t[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new IllegalArgumentException("no " + ascii);
    }

    /** The PNG with its IHDR rewritten to claim another size, with a valid CRC (only the pixel data disagrees). */
    private static byte[] claimSize(byte[] png, int width, int height) {
        byte[] out = png.clone();
        int ihdr = 12; // after the signature and the chunk length
        putInt(out, ihdr + 4, width);
        putInt(out, ihdr + 8, height);
        CRC32 crc = new CRC32();
        crc.update(out, ihdr, 4 + 13);
        putInt(out, ihdr + 4 + 13, (int) crc.getValue());
        return out;
    }

    private static void putInt(byte[] b, int at, int v) {
        b[at] = (byte) (v >>> 24);
        b[at + 1] = (byte) (v >>> 16);
        b[at + 2] = (byte) (v >>> 8);
        b[at + 3] = (byte) v;
    }
}
