package org.segpipe.jobs.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.security.alias.CredentialProvider;
import org.apache.hadoop.security.alias.CredentialProviderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.segpipe.jobs.SegCli;
import org.segpipe.spark.pipeline.PipelineStage;
import org.segpipe.testkit.JavaProcess;
import org.segpipe.testkit.S3ProxyServer;

/**
 * The whole pipeline against S3 (S3A to an S3Proxy child process on loopback): ingest reads the
 * tree from {@code s3a://}, and shards, checkpoints, the model, predictions, report tables
 * (through the S3A magic committer) and the HTML report are written there and read back by the
 * later stages and by {@code seg sql}. The credentials live only in a Hadoop credential store
 * (JCEKS) named by {@code hadoop.security.credential.provider.path}: the test proves they appear
 * in no log line, no JSON written, and no row of the report tables.
 */
class PipelineS3IT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void runsThePipelineOnS3WithoutLeakingCredentials() throws Exception {
        Path tree = dir.resolve("cs");
        ByteArrayOutputStream genOut = new ByteArrayOutputStream();
        assertEquals(0, SegCli.standard().run(new String[] {"generate", "--out", tree.toString(), "--images", "train=8,val=4",
                "--height", "32", "--width", "64"}, new PrintStream(genOut, true, StandardCharsets.UTF_8), System.err));

        try (S3ProxyServer s3 = S3ProxyServer.start(dir, "seg")) {
            String store = "jceks://file" + dir.resolve("s3-credentials.jceks").toAbsolutePath();
            writeCredentialStore(store, s3);
            Configuration conf = new Configuration();
            connection(s3).forEach(conf::set);
            conf.set(CredentialProviderFactory.CREDENTIAL_PROVIDER_PATH, store);
            conf.set("fs.s3a.impl.disable.cache", "true");
            FileSystem fs = new org.apache.hadoop.fs.Path("s3a://seg/").getFileSystem(conf);
            fs.copyFromLocalFile(new org.apache.hadoop.fs.Path(tree.toUri()), new org.apache.hadoop.fs.Path("s3a://seg/cs"));

            List<String> args = PipelineIT.pipelineArgs("s3a://seg/p", "s3run");
            args.addAll(List.of("--input", "s3a://seg/cs", "--set", "train.checkpoint-every=0", "--set", "train.epochs=1",
                    "--set", "predict.min-instance-px=64", // fewer instance mask files: each is an S3 request or two
                    "--set", "spark.master=local[2]"));
            args.addAll(sparkS3Settings(s3, store));
            Path log = dir.resolve("pipeline.log");
            runJvm(args, log);

            Files.readAllLines(log).stream().filter(l -> l.matches("\\[\\w+\\] done in .*")).map(l -> l.replaceAll("\\{.*", ""))
                    .forEach(System.out::println);
            Path run = s3.dataDir().resolve("seg/p/runs/s3run");
            for (PipelineStage s : List.of(PipelineStage.INGEST, PipelineStage.AUGMENT, PipelineStage.TRAIN, PipelineStage.PREDICT,
                    PipelineStage.EVALUATE, PipelineStage.REPORT)) {
                assertTrue(Files.exists(run.resolve("stages/" + s.ordinal() + "-" + s.label() + ".json")), s + " finished on S3");
            }
            assertTrue(Files.exists(run.resolve("dataset/manifest.json")));
            assertTrue(Files.exists(run.resolve("model/model.zip")));
            assertTrue(Files.exists(run.resolve("report.html")));
            JsonNode train = JSON.readTree(run.resolve("stages/3-train.json").toFile()).get("details");
            JsonNode evaluate = JSON.readTree(run.resolve("stages/5-evaluate.json").toFile()).get("details");
            assertEquals(4, evaluate.get("evaluated").asLong());
            assertEquals(train.get("validation_miou").asDouble(), evaluate.get("mIoU").asDouble(), 1e-12,
                    "the evaluator read the predictions written to S3");
            try (Stream<Path> tables = Files.list(s3.dataDir().resolve("seg/p/reports"))) {
                assertTrue(tables.anyMatch(p -> p.getFileName().toString().equals("runs")));
            }

            // Read back through seg sql over s3a.
            List<String> sql = new ArrayList<>(List.of("sql", "--reports", "s3a://seg/p/reports", "--format", "csv",
                    "SELECT run_id, images_evaluated, config_json FROM runs", "--set", "spark.master=local[1]"));
            sql.addAll(sparkS3Settings(s3, store));
            Path sqlLog = dir.resolve("sql.log");
            runJvm(sql, sqlLog);
            String rows = Files.readString(sqlLog);
            assertTrue(rows.contains("s3run,4,"), rows);
            assertTrue(rows.contains("credential.provider.path"), "the config is recorded, the store's location with it");

            // The secrets are nowhere: not in the logs, the runs table, or any JSON written.
            String secret = s3.secretKey();
            String access = s3.accessKey();
            assertTrue(containsSecret(dir.resolve("s3proxy.properties"), secret), "the scan finds a secret where there is one");
            for (Path f : List.of(log, sqlLog)) {
                assertFalse(containsSecret(f, secret) || containsSecret(f, access), "credentials in " + f);
            }
            try (Stream<Path> files = Files.walk(s3.dataDir())) {
                for (Path f : files.filter(p -> p.toString().endsWith(".json") || p.toString().endsWith(".html")).toList()) {
                    assertFalse(containsSecret(f, secret) || containsSecret(f, access), "credentials in " + f);
                }
            }
        }
    }

    /** The S3A connection settings, without credentials. */
    static Map<String, String> connection(S3ProxyServer s3) {
        Map<String, String> m = new java.util.LinkedHashMap<>(s3.hadoopSettings());
        m.remove("fs.s3a.access.key");
        m.remove("fs.s3a.secret.key");
        return m;
    }

    /** spark-hadoop.* connection settings, the credential store, and the magic committer for Parquet writes. */
    static List<String> sparkS3Settings(S3ProxyServer s3, String store) {
        List<String> out = new ArrayList<>();
        connection(s3).forEach((k, v) -> out.addAll(List.of("--set", "spark-hadoop." + k + "=" + v)));
        out.addAll(List.of("--set", "spark-hadoop." + CredentialProviderFactory.CREDENTIAL_PROVIDER_PATH + "=" + store,
                "--set", "spark-hadoop.fs.s3a.committer.name=magic", "--set", "spark-hadoop.fs.s3a.committer.magic.enabled=true",
                "--set", "spark.sql.sources.commitProtocolClass=org.apache.spark.internal.io.cloud.PathOutputCommitProtocol",
                "--set", "spark.sql.parquet.output.committer.class=org.apache.spark.internal.io.cloud.BindingParquetOutputCommitter"));
        return out;
    }

    static void writeCredentialStore(String store, S3ProxyServer s3) throws Exception {
        Configuration c = new Configuration(false);
        c.set(CredentialProviderFactory.CREDENTIAL_PROVIDER_PATH, store);
        CredentialProvider p = CredentialProviderFactory.getProviders(c).get(0);
        p.createCredentialEntry("fs.s3a.access.key", s3.accessKey().toCharArray());
        p.createCredentialEntry("fs.s3a.secret.key", s3.secretKey().toCharArray());
        p.flush();
    }

    void runJvm(List<String> args, Path log) throws Exception {
        List<String> jvm = new ArrayList<>(List.of("-Xmx1500m", "-cp", JavaProcess.classpath()));
        jvm.addAll(JavaProcess.JAVA17_OPENS);
        Process p = JavaProcess.start(jvm, "org.segpipe.jobs.SegCli", args, Map.of("SPARK_LOCAL_IP", "127.0.0.1"), log);
        if (!p.waitFor(480, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(args.get(0) + " did not finish in 480 s:\n" + JavaProcess.tail(log, 60));
        }
        assertEquals(0, p.exitValue(), args.get(0) + " failed:\n" + JavaProcess.tail(log, 80));
    }

    static boolean containsSecret(Path file, String secret) throws Exception {
        return new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1).contains(secret);
    }
}
