package org.segpipe.jobs.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.segpipe.spark.pipeline.PipelineStage;
import org.segpipe.testkit.LocalSpark;

/**
 * {@code seg pipeline} with {@code pipeline.task=saliency} on local[2], from one config: a generated
 * saliency folder (16 train + 8 val scenes of 48x48), saliency ingest, no augment stage (training
 * augments on the fly), a tiny sigmoid UNet trained for 2 epochs, grey-map predictions of the val
 * split, the saliency evaluation of those maps against the val masks into the report tables and
 * {@code summary.json}, and the HTML report of the run.
 */
class SaliencyPipelineIT {

    @TempDir
    Path dir;

    private record Outcome(int code, String out) {
    }

    private static Outcome cli(List<String> args) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        java.io.PrintStream ps = new java.io.PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8);
        int code = org.segpipe.jobs.SegCli.standard().run(args.toArray(new String[0]), ps, ps);
        return new Outcome(code, out.toString(java.nio.charset.StandardCharsets.UTF_8));
    }

    @BeforeAll
    static void sharedSession() {
        LocalSpark.get();
    }

    static List<String> args(String root, String runId) {
        return new ArrayList<>(List.of("pipeline", "--root", root, "--run-id", runId,
                "--set", "pipeline.task=saliency", "--set", "generate.images=train=16,val=8", "--set", "generate.height=48",
                "--set", "generate.width=48", "--set", "model.classes=1", "--set", "loss.name=bce-iou", "--set", "model.depth=2",
                "--set", "model.base-filters=4", "--set", "model.input-height=32", "--set", "model.input-width=32",
                "--set", "train.epochs=2", "--set", "train.batch-size=4", "--set", "train.learning-rate=0.01",
                "--set", "train.augment=light", "--set", "train.progress=off", "--set", "report.worst-images=1"));
    }

    @Test
    void aSaliencyRunFromOneConfig() throws Exception {
        Path root = dir.resolve("p");
        Outcome first = cli(args(root.toString(), "s1"));
        assertEquals(0, first.code(), first.out());
        Path run = root.resolve("runs/s1");
        for (PipelineStage s : List.of(PipelineStage.GENERATE, PipelineStage.INGEST, PipelineStage.TRAIN, PipelineStage.PREDICT,
                PipelineStage.EVALUATE, PipelineStage.REPORT)) {
            assertTrue(Files.exists(PipelineIT.marker(run, s)), s + " finished: " + first.out());
        }
        assertFalse(Files.exists(PipelineIT.marker(run, PipelineStage.AUGMENT)), "no augment stage for saliency data");
        assertTrue(first.out().contains("[augment] not needed: saliency data: seg augment writes augmented copies of Cityscapes "
                + "shards only; saliency training augments on the fly (train.augment)"), first.out());
        assertTrue(first.out().contains("augment not-needed"), first.out());
        assertTrue(Files.isDirectory(run.resolve("input/val/masks")), "the generated saliency folder");
        // the report stage calls seg report on the reports folder, which draws the saliency run
        assertTrue(Files.readString(run.resolve("report.html")).contains("s1"), "the report shows the run");
        assertTrue(first.out().contains("HTML report: " + run.resolve("report.html")), first.out());

        // counts in = counts out at every stage
        JsonNode ingest = PipelineIT.json(PipelineIT.marker(run, PipelineStage.INGEST)).get("details");
        assertEquals(24, ingest.get("images_in").asLong());
        assertEquals(24, ingest.get("samples").asLong());
        assertTrue(ingest.get("balance_holds").asBoolean());
        JsonNode train = PipelineIT.json(PipelineIT.marker(run, PipelineStage.TRAIN)).get("details");
        assertEquals(16, train.get("train_images").asLong());
        assertEquals(8, train.get("validation_images").asLong());
        assertEquals(2, train.get("epochs").asInt());
        assertEquals(8, PipelineIT.json(PipelineIT.marker(run, PipelineStage.PREDICT)).get("details").get("images").asLong());
        try (Stream<Path> maps = Files.list(run.resolve("predictions/saliency"));
             Stream<Path> masks = Files.list(run.resolve("input/val/masks"))) {
            assertEquals(masks.map(p -> p.getFileName().toString()).sorted().toList(),
                    maps.map(p -> p.getFileName().toString()).sorted().toList(), "one grey map per val mask, same stems");
        }

        // summary.json carries the saliency numbers; the evaluate marker and the run's headline the same ones
        JsonNode summary = PipelineIT.json(run.resolve("summary.json"));
        JsonNode evaluate = PipelineIT.json(PipelineIT.marker(run, PipelineStage.EVALUATE)).get("details");
        assertEquals(8, summary.get("images").asInt());
        assertEquals(8, evaluate.get("evaluated").asLong());
        assertEquals(0, evaluate.get("problems").asLong());
        for (String k : List.of("MAE", "maxF", "meanF", "adpF", "wF", "S", "maxE", "meanE", "adpE")) {
            double v = summary.get(k).asDouble();
            assertTrue(v >= 0 && v <= 1, k + " = " + v);
            assertEquals(v, evaluate.get(k).asDouble(), 1e-12, k);
        }
        assertTrue(first.out().contains(String.format(java.util.Locale.ROOT, "MAE %.3f, maxF %.3f", summary.get("MAE").asDouble(),
                summary.get("maxF").asDouble())), first.out());
        // the trainer's last val_mae measured the same model on the same 8 images as the evaluator (maps rounded to 8 bits)
        assertEquals(summary.get("MAE").asDouble(), train.get("validation_mae").asDouble(), 1e-4);

        // the tables: one committed saliency run, its images and curves; the training log has val_mae per epoch
        SparkSession spark = LocalSpark.get();
        String reports = root.resolve("reports").toString();
        List<Row> runs = spark.read().parquet(reports + "/saliency_runs").where("run_id = 's1'").collectAsList();
        assertEquals(1, runs.size());
        assertEquals(summary.get("MAE").asDouble(), runs.get(0).<Double>getAs("mae"), 1e-12);
        assertEquals(8L, runs.get(0).<Long>getAs("images_total"));
        assertEquals(run.resolve("input/val/masks").toString(), runs.get(0).<String>getAs("gt_uri"));
        assertEquals(8, spark.read().parquet(reports + "/saliency_images").where("run_id = 's1'").count());
        assertEquals(256, spark.read().parquet(reports + "/saliency_curves").where("run_id = 's1'").count());
        List<Row> log = spark.read().parquet(run.resolve("model/training_log").toString()).orderBy("epoch").collectAsList();
        assertEquals(2, log.size());
        for (Row r : log) {
            assertFalse(r.isNullAt(r.fieldIndex("val_mae")), "val_mae of epoch " + r.getAs("epoch"));
        }

        // a rerun skips every finished stage and changes nothing; --from evaluate (past the not-needed augment stage) gives
        // the same numbers
        String before = Files.readString(run.resolve("summary.json"));
        Outcome again = cli(args(root.toString(), "s1"));
        assertEquals(0, again.code(), again.out());
        assertTrue(again.out().contains("[report] complete since") && again.out().contains("[augment] not needed"), again.out());
        List<String> tail = args(root.toString(), "s1");
        tail.addAll(List.of("--from", "evaluate"));
        Outcome rerun = cli(tail);
        assertEquals(0, rerun.code(), rerun.out());
        assertTrue(rerun.out().contains("[train] complete since") && rerun.out().contains("[evaluate] running"), rerun.out());
        assertEquals(before, Files.readString(run.resolve("summary.json")), "the same maps: the same numbers");
    }
}
