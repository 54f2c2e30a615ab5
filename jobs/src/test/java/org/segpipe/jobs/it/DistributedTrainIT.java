package org.segpipe.jobs.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.segpipe.testkit.FixtureDatasets;
import org.segpipe.testkit.LocalSpark;
import org.segpipe.testkit.StandaloneCluster;

/**
 * Data-parallel training ({@code train.mode=spark}) submitted with {@code scripts/submit} to a
 * standalone cluster of two executor JVMs whose workers offer one fake GPU each (a discovery script
 * reports addresses 0 and 1), then the same on {@code local[2]}: the loss falls, every training task
 * bound itself to the GPU address Spark gave its executor (distinct between the two executors that
 * train at the same time), and the last checkpoint predicts with {@code seg predict}.
 */
class DistributedTrainIT {

    @TempDir
    static Path dir;

    @BeforeAll
    static void startCluster() {
        ClusterIT.dir = dir;
        ClusterIT.cluster = StandaloneCluster.start(dir.resolve("cluster"), new StandaloneCluster.Spec(2, 1, "1g", 1));
    }

    @AfterAll
    static void stopCluster() {
        if (ClusterIT.cluster != null) {
            ClusterIT.cluster.close();
            ClusterIT.cluster = null;
        }
    }

    private static final List<String> TINY = List.of("--set", "model.depth=2", "--set", "model.base-filters=4",
            "--set", "model.input-height=32", "--set", "model.input-width=64", "--epochs", "3", "--set", "train.learning-rate=0.01",
            "--set", "train.mode=spark", "--set", "train.spark.workers=2", "--set", "train.spark.batch-per-worker=2",
            "--set", "train.spark.averaging-frequency=1", "--set", "train.progress=lines", "--seed", "5");

    private static String[] args(Path data, Path out, String... more) {
        List<String> a = new java.util.ArrayList<>(List.of("--data", data.toUri().toString(), "--out", out.toUri().toString()));
        a.addAll(TINY);
        a.addAll(List.of(more));
        return a.toArray(String[]::new);
    }

    /** executor id -> the GPU addresses its tasks bound, from the lines {@code executor 1 -> gpu [0] (6 tasks, cpu)}. */
    static Map<String, String> bindings(String output) {
        Map<String, String> out = new HashMap<>();
        Matcher m = Pattern.compile("(?m)^executor (\\S+) -> gpu \\[([^\\]]*)\\] \\((\\d+) tasks, (\\w+)\\)$").matcher(output);
        while (m.find()) {
            out.put(m.group(1), m.group(2));
        }
        return out;
    }

    private static void assertLossFalls(Path out, String where) {
        List<Row> log = LocalSpark.get().read().parquet(out.resolve("training_log").toString()).orderBy("epoch").collectAsList();
        assertEquals(3, log.size(), where);
        double first = log.get(0).<Double>getAs("train_loss");
        double last = log.get(2).<Double>getAs("train_loss");
        assertTrue(last < first, where + ": the loss falls, epoch 1 " + first + " -> epoch 3 " + last);
    }

    @Test
    void trainsOnTheClusterWithOneGpuPerTaskAndOnLocal() throws Exception {
        Path data = FixtureDatasets.cityscapes(dir.resolve("cs"), 12, 64, 32, 3);

        Path onCluster = dir.resolve("train-cluster");
        String printed = ClusterIT.submit("train", args(data, onCluster, "--set", "spark.executor.resource.gpu.amount=1",
                "--set", "spark.task.resource.gpu.amount=1"));
        Map<String, String> bound = bindings(printed);
        assertEquals(2, bound.size(), "both executors trained:\n" + printed);
        for (Map.Entry<String, String> e : bound.entrySet()) {
            assertTrue(e.getValue().matches("[01]"), "executor " + e.getKey() + " bound exactly one fake GPU, found [" + e.getValue()
                    + "]:\n" + printed);
        }
        assertEquals(2, bound.values().stream().distinct().count(), "the two executors' tasks bound different GPUs: " + bound);
        assertLossFalls(onCluster, "cluster");

        Path onLocal = dir.resolve("train-local");
        List<String> localArgs = new java.util.ArrayList<>(List.of("train"));
        localArgs.addAll(List.of(args(data, onLocal)));
        String local = ClusterIT.local(localArgs.toArray(String[]::new));
        assertTrue(bindings(local).values().stream().allMatch(String::isEmpty), "local[2] assigns no GPU:\n" + local);
        assertLossFalls(onLocal, "local[2]");

        // the newest checkpoint of the cluster run predicts
        Path checkpoint;
        try (var s = Files.list(onCluster.resolve("checkpoints"))) {
            checkpoint = s.filter(p -> p.getFileName().toString().matches("ckpt-\\d+\\.zip")).sorted().reduce((a, b) -> b).orElseThrow();
        }
        Path predictions = dir.resolve("pred");
        ClusterIT.local("predict", "--model", checkpoint.toUri().toString(), "--data", data.toUri().toString(),
                "--out", predictions.toUri().toString(), "--format", "parquet");
        long rows = LocalSpark.get().read().parquet(predictions.resolve("predictions").toString()).count();
        assertEquals(6, rows, "one prediction per val image");
    }
}
