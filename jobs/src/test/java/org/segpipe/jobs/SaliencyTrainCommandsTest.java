package org.segpipe.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.segpipe.core.metrics.saliency.GreyMap;
import org.segpipe.testkit.FixtureDatasets;
import org.segpipe.testkit.LocalSpark;

/**
 * Saliency end to end through the command line on the shared local[2] session:
 * generate -> ingest -> train (tiny sigmoid UNet) -> predict -> evaluate. The trained model's MAE
 * on the val split must be well below a constant all-background prediction's, and the loss must fall.
 */
class SaliencyTrainCommandsTest {

    private record Outcome(int code, String out, String err) {
    }

    private static Outcome run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = SegCli.standard().run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Outcome(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static final String[] NET = {"--set", "model.classes=1", "--set", "loss.name=bce-iou", "--set", "model.depth=2",
        "--set", "model.base-filters=8", "--set", "model.input-height=32", "--set", "model.input-width=32"};

    /** {@code args} followed by the tiny sigmoid network's settings. */
    private static String[] with(String[] net, String... args) {
        String[] out = java.util.Arrays.copyOf(args, args.length + net.length);
        System.arraycopy(net, 0, out, args.length, net.length);
        return out;
    }

    @Test
    void generateIngestTrainPredictEvaluate(@TempDir Path dir) throws Exception {
        LocalSpark.get(); // the commands' session builder then returns the shared test session
        Path data = dir.resolve("sal");
        Outcome gen = run("generate", "--task", "saliency", "--out", data.toString(), "--images", "train=24,val=8", "--height",
                "48", "--width", "48", "--seed", "5");
        assertEquals(ExitCodes.OK, gen.code(), gen.out() + gen.err());
        Path ds = dir.resolve("ds");
        Outcome ingest = run("ingest", "--task", "saliency", "--input", data.toString(), "--output", ds.toString());
        assertEquals(ExitCodes.OK, ingest.code(), ingest.out() + ingest.err());

        // 48x48 images, random 32x32 crops; validation on the whole val images each epoch
        Path trainOut = dir.resolve("train");
        Outcome train = run(with(NET, "train", "--data", ds.toString(), "--out", trainOut.toString(), "--epochs", "8",
                "--batch-size", "4", "--seed", "3", "--set", "train.learning-rate=0.01", "--set", "train.progress=lines"));
        assertEquals(ExitCodes.OK, train.code(), train.out() + train.err());
        assertTrue(train.out().contains("24 train, 8 val, 0 rejected"), train.out());
        assertTrue(Files.exists(trainOut.resolve("model.zip")), train.out());
        List<Row> log = LocalSpark.get().read().parquet(trainOut.resolve("training_log").toString()).orderBy("epoch").collectAsList();
        assertEquals(8, log.size());
        double first = log.get(0).getAs("train_loss");
        double last = log.get(log.size() - 1).getAs("train_loss");
        Double firstIou = log.get(0).getAs("val_miou");
        Double lastIou = log.get(log.size() - 1).getAs("val_miou");

        // predict the val split from the raw folder (the other kind of saliency source)
        Path pred = dir.resolve("pred");
        Outcome predict = run("predict", "--model", trainOut.resolve("model.zip").toString(), "--data", data.toString(), "--out",
                pred.toString(), "--split", "val");
        assertEquals(ExitCodes.OK, predict.code(), predict.out() + predict.err());
        assertTrue(predict.out().contains("predicted 8 saliency maps of val"), predict.out());
        try (Stream<Path> s = Files.list(pred.resolve("saliency"))) {
            List<String> names = s.map(p -> p.getFileName().toString()).sorted().toList();
            try (Stream<Path> m = Files.list(data.resolve("val/masks"))) {
                assertEquals(m.map(p -> p.getFileName().toString()).sorted().toList(), names);
            }
        }
        GreyMap one = GreyMap.decodePng(Files.readAllBytes(Files.list(pred.resolve("saliency")).findFirst().orElseThrow()), "map");
        assertEquals(48, one.width());
        assertEquals(8L, LocalSpark.get().read().parquet(pred.resolve("saliency_predictions").toString()).count());

        Path summary = dir.resolve("summary.json");
        Outcome eval = run("evaluate", "--task", "saliency", "--gt", data.resolve("val/masks").toString(), "--pred",
                pred.resolve("saliency").toString(), "--summary", summary.toString(), "--out", dir.resolve("report").toString());
        assertEquals(ExitCodes.OK, eval.code(), eval.out() + eval.err());
        JsonNode trained = new ObjectMapper().readTree(summary.toFile());

        // baseline: a constant all-background prediction of each val mask's size
        Path zeros = Files.createDirectories(dir.resolve("zeros"));
        try (Stream<Path> m = Files.list(data.resolve("val/masks"))) {
            for (Path p : m.toList()) {
                GreyMap gt = GreyMap.decodePng(Files.readAllBytes(p), p.toString());
                Files.write(zeros.resolve(p.getFileName()), new GreyMap(gt.width(), gt.height(), new byte[gt.width() * gt.height()])
                        .encodePng());
            }
        }
        Path zeroSummary = dir.resolve("zero.json");
        Outcome base = run("evaluate", "--task", "saliency", "--gt", data.resolve("val/masks").toString(), "--pred", zeros.toString(),
                "--summary", zeroSummary.toString());
        assertEquals(ExitCodes.OK, base.code(), base.out() + base.err());
        JsonNode constant = new ObjectMapper().readTree(zeroSummary.toFile());

        String numbers = String.format(java.util.Locale.ROOT,
                "loss %.4f -> %.4f, val mIoU (background, object) %s -> %s, val MAE %.4f (all-background %.4f), maxF %.4f, S %.4f",
                first, last, firstIou, lastIou, trained.get("MAE").asDouble(), constant.get("MAE").asDouble(),
                trained.get("maxF").asDouble(), trained.get("S").asDouble());
        System.out.println("saliency end to end: " + numbers);
        assertEquals(8, trained.get("images").asInt());
        assertTrue(last < 0.8 * first, numbers);
        // the MAE train reports on the val split is the one evaluate measures on the written maps
        java.util.regex.Matcher mae = java.util.regex.Pattern.compile("validation MAE ([0-9.]+) over 8 val images").matcher(train.out());
        assertTrue(mae.find(), train.out());
        assertEquals(trained.get("MAE").asDouble(), Double.parseDouble(mae.group(1)), 1e-4, numbers);
        // ... and the last row of the training log holds it too (one value per epoch, from the epoch's validation pass)
        Double firstMae = log.get(0).getAs("val_mae");
        Double lastMae = log.get(log.size() - 1).getAs("val_mae");
        assertEquals(trained.get("MAE").asDouble(), lastMae, 1e-4, numbers);
        assertTrue(lastMae < firstMae, "val_mae " + firstMae + " -> " + lastMae);
        assertTrue(trained.get("MAE").asDouble() < 0.6 * constant.get("MAE").asDouble(), numbers);
    }

    @Test
    void modelAndDataMustMatch(@TempDir Path dir) throws Exception {
        LocalSpark.get();
        Path data = dir.resolve("sal");
        assertEquals(ExitCodes.OK, run("generate", "--task", "saliency", "--out", data.toString(), "--images", "train=2,val=1",
                "--height", "32", "--width", "32", "--seed", "1").code());
        Path city = FixtureDatasets.cityscapes(dir.resolve("city"), 2, 64, 32, 1);

        Outcome cityModel = run("train", "--data", data.toString(), "--out", dir.resolve("t1").toString(), "--set", "model.depth=2",
                "--set", "model.input-height=32", "--set", "model.input-width=32");
        assertEquals(ExitCodes.USAGE, cityModel.code(), cityModel.out() + cityModel.err());
        assertTrue(cityModel.err().contains("is a saliency dataset; saliency needs model.classes=1"), cityModel.err());

        Outcome salModel = run(with(NET, "train", "--data", city.toString(), "--out", dir.resolve("t2").toString()));
        assertEquals(ExitCodes.USAGE, salModel.code(), salModel.out() + salModel.err());
        assertTrue(salModel.err().contains("has model.classes=1 (a saliency model with a sigmoid head), but " + city
                + " is not a saliency dataset"), salModel.err());

        // a tiny light U²-Net, one epoch through seg train and seg predict; then predicted on the Cityscapes tree
        Path t3 = dir.resolve("t3");
        Outcome small = run(with(NET, "train", "--data", data.toString(), "--out", t3.toString(), "--epochs", "1", "--batch-size",
                "2", "--set", "train.progress=off", "--set", "model.architecture=u2net-lite", "--set", "model.base-filters=4",
                "--set", "model.upsampling=bilinear"));
        assertEquals(ExitCodes.OK, small.code(), small.out() + small.err());
        Outcome maps = run("predict", "--model", t3.resolve("model.zip").toString(), "--data", data.toString(), "--out",
                dir.resolve("p3").toString(), "--format", "cityscapes");
        assertEquals(ExitCodes.OK, maps.code(), maps.out() + maps.err());
        assertEquals(32, GreyMap.decodePng(Files.readAllBytes(dir.resolve("p3/saliency/sal_val_00000.png")), "map").height());
        assertTrue(!Files.exists(dir.resolve("p3/saliency_predictions")), "--format cityscapes writes no Parquet rows");
        Outcome mismatch = run("predict", "--model", t3.resolve("model.zip").toString(), "--data", city.toString(), "--out",
                dir.resolve("p").toString());
        assertEquals(ExitCodes.USAGE, mismatch.code(), mismatch.out() + mismatch.err());
        assertTrue(mismatch.err().contains("has model.classes=1 (a saliency model with a sigmoid head), but " + city
                + " is not a saliency dataset"), mismatch.err());
    }
}
