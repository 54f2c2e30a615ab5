package org.segpipe.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.segpipe.core.config.Settings;
import org.segpipe.spark.pipeline.PipelineStage;

/** Config errors of seg pipeline end it with exit code 2 before any work; the demo's settings merge. */
class PipelineCommandTest {

    record Outcome(int code, String text) {
    }

    static Outcome run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream ps = new PrintStream(out, true, StandardCharsets.UTF_8);
        int code = new SegCli(java.util.List.of(new PipelineCommand())).run(args, ps, ps);
        return new Outcome(code, out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void badConfigsExitTwoAndNameTheKey(@TempDir Path dir) {
        String root = dir.resolve("p").toString();
        Outcome noRoot = run("pipeline");
        assertEquals(2, noRoot.code());
        assertTrue(noRoot.text().contains("'pipeline.root' is not set"), noRoot.text());
        Outcome stage = run("pipeline", "--root", root, "--to", "predicts");
        assertTrue(stage.text().contains("'pipeline.to' is 'predicts' but must be one of generate, ingest, augment, train, predict, "
                + "evaluate, report"), stage.text());
        Outcome order = run("pipeline", "--root", root, "--from", "report", "--to", "train");
        assertTrue(order.text().contains("'pipeline.from' is report but 'pipeline.to' is train"), order.text());
        Outcome runId = run("pipeline", "--root", root, "--run-id", "../x");
        assertEquals(2, runId.code(), runId.text());
        Outcome model = run("pipeline", "--root", root, "--set", "model.upsampling=cubic");
        assertEquals(2, model.code(), model.text());
        assertTrue(model.text().contains("model.upsampling"), model.text());
        Outcome resume = run("pipeline", "--root", root, "--from", "train", "--run-id", "r9");
        assertEquals(2, resume.code(), resume.text());
        assertTrue(resume.text().contains("cannot start run r9 at train: its stage ingest has not finished"), resume.text());
        assertTrue(!Files.exists(dir.resolve("p/runs/r9/dataset")), "nothing ran");
    }

    @Test
    void saliencyConfigsAreCheckedBeforeAnyWork(@TempDir Path dir) {
        String root = dir.resolve("p").toString();
        Outcome classes = run("pipeline", "--root", root, "--set", "pipeline.task=saliency");
        assertEquals(2, classes.code(), classes.text());
        assertTrue(classes.text().contains("'pipeline.task' is saliency but 'model.classes' is 19: a saliency model has one sigmoid "
                + "output; set model.classes=1 and loss.name to bce, iou or bce-iou"), classes.text());
        Outcome loss = run("pipeline", "--root", root, "--set", "pipeline.task=saliency", "--set", "model.classes=1");
        assertEquals(2, loss.code(), loss.text());
        assertTrue(loss.text().contains("'loss.name' is ce but 'model.classes' is 1: a sigmoid head needs bce, iou or bce-iou"),
                loss.text());
        Outcome oneClass = run("pipeline", "--root", root, "--set", "model.classes=1", "--set", "loss.name=bce");
        assertEquals(2, oneClass.code(), oneClass.text());
        assertTrue(oneClass.text().contains("set pipeline.task=saliency to run a saliency pipeline"), oneClass.text());
        String[] sal = {"--set", "pipeline.task=saliency", "--set", "model.classes=1", "--set", "loss.name=bce-iou"};
        Outcome task = run("pipeline", "--root", root, "--set", "ingest.task=saliency");
        assertEquals(2, task.code(), task.text());
        assertTrue(task.text().contains("'ingest.task' is set to 'saliency', but seg pipeline derives it from pipeline.task "
                + "(cityscapes); set pipeline.task=saliency instead"), task.text());
        // evaluate.task=saliency agrees with pipeline.task=saliency: what is refused then is the derived evaluate.pred
        Outcome agrees = run(concat(new String[] {"pipeline", "--root", root, "--set", "evaluate.task=saliency", "--set",
            "evaluate.pred=/x"}, sal));
        assertEquals(2, agrees.code(), agrees.text());
        assertTrue(agrees.text().contains("'evaluate.pred' is set to '/x'") && !agrees.text().contains("'evaluate.task'"), agrees.text());
        Outcome pred = run(concat(new String[] {"pipeline", "--root", root, "--set", "evaluate.pred=/tmp/maps"}, sal));
        assertEquals(2, pred.code(), pred.text());
        assertTrue(pred.text().contains("'evaluate.pred' is set to '/tmp/maps', but seg pipeline derives it"), pred.text());
        Outcome augment = run(concat(new String[] {"pipeline", "--root", root, "--set", "augment.pipeline=light"}, sal));
        assertEquals(2, augment.code(), augment.text());
        assertTrue(augment.text().contains("'augment.pipeline' is 'light' but saliency data: seg augment writes augmented copies "
                + "of Cityscapes shards only"), augment.text());
        Outcome wrongTask = run("pipeline", "--root", root, "--set", "pipeline.task=sod");
        assertTrue(wrongTask.text().contains("'pipeline.task' is 'sod' but must be cityscapes or saliency"), wrongTask.text());
        assertTrue(!Files.exists(dir.resolve("p/runs")), "nothing ran");
    }

    @Test
    void theSaliencyExampleConfigPassesTheChecks() {
        Settings s = org.segpipe.core.config.SettingsResolver.resolve(Path.of("../conf/saliency-pipeline.conf"), java.util.List.of());
        var cfg = org.segpipe.spark.pipeline.PipelineRunner.check(s);
        assertTrue(cfg.saliency());
    }

    private static String[] concat(String[] a, String[] b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Test
    void stageExitCodesAreStable() {
        assertEquals(10, PipelineStage.GENERATE.exitCode());
        assertEquals(13, PipelineStage.TRAIN.exitCode());
        assertEquals(16, PipelineStage.REPORT.exitCode());
        assertEquals(PipelineStage.EVALUATE, PipelineStage.ofExitCode(15));
        assertEquals(null, PipelineStage.ofExitCode(3));
    }

    @Test
    void demoSettingsYieldToWhatTheUserSet() {
        Settings defaults = Settings.of(org.segpipe.core.config.ConfigKeys.defaults());
        Settings plain = DemoCommand.settings(defaults);
        assertEquals("segpipe-demo", plain.string("pipeline.root"));
        assertEquals("train=120,val=20", plain.string("generate.images"));
        java.util.Map<String, String> user = new java.util.HashMap<>(org.segpipe.core.config.ConfigKeys.defaults());
        user.putAll(Map.of("pipeline.root", "/tmp/d", "train.epochs", "2"));
        Settings mine = DemoCommand.settings(Settings.of(user));
        assertEquals("/tmp/d", mine.string("pipeline.root"));
        assertEquals("2", mine.string("train.epochs"));
        assertEquals("light", mine.string("augment.pipeline"));
    }
}
