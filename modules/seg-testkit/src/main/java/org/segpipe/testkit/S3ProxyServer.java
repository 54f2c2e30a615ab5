package org.segpipe.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A real S3 protocol server on 127.0.0.1: S3Proxy 3.0.0 with its filesystem backend, run as a child
 * process (inside the test JVM its dependencies clash with Spark's; STACK.md). The jar's path comes
 * from the system property {@code segpipe.s3proxy.jar}, which the build sets. Credentials are
 * generated per server and handed to S3A only through Hadoop settings.
 */
public final class S3ProxyServer implements AutoCloseable {

    private final Process process;
    private final int port;
    private final String accessKey;
    private final String secretKey;
    private final Path dataDir;

    private S3ProxyServer(Path dir, List<String> buckets) {
        String jar = System.getProperty("segpipe.s3proxy.jar");
        if (jar == null || !Files.isRegularFile(Path.of(jar))) {
            throw new IllegalStateException("system property segpipe.s3proxy.jar must name the S3Proxy "
                    + "jar-with-dependencies (the module's failsafe configuration sets it), found " + jar);
        }
        this.port = JavaProcess.freePort();
        this.accessKey = "seg-" + Long.toHexString(Double.doubleToLongBits(Math.random()));
        this.secretKey = "sk-" + Long.toHexString(System.nanoTime()) + Long.toHexString(Double.doubleToLongBits(Math.random()));
        this.dataDir = dir.resolve("s3-data");
        try {
            for (String b : buckets) {
                Files.createDirectories(dataDir.resolve(b)); // a bucket is a folder of the filesystem backend
            }
            Path props = dir.resolve("s3proxy.properties");
            Files.writeString(props, String.join("\n",
                    "s3proxy.endpoint=http://127.0.0.1:" + port,
                    "s3proxy.authorization=aws-v2-or-v4",
                    "s3proxy.identity=" + accessKey,
                    "s3proxy.credential=" + secretKey,
                    "jclouds.provider=filesystem",
                    "jclouds.filesystem.basedir=" + dataDir,
                    "") );
            Path log = dir.resolve("logs/s3proxy.log");
            process = JavaProcess.start(List.of("-Xmx256m", "-jar", jar), "", List.of("--properties", props.toString()),
                    Map.of(), log);
            JavaProcess.awaitPort(port, 60_000, process, log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static S3ProxyServer start(Path dir, String... buckets) {
        return new S3ProxyServer(dir, List.of(buckets));
    }

    public String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    public String accessKey() {
        return accessKey;
    }

    public String secretKey() {
        return secretKey;
    }

    /** Where bucket contents live on disk (for assertions on what was written). */
    public Path dataDir() {
        return dataDir;
    }

    /** The S3A settings (without the {@code spark.hadoop.} prefix) to reach this server. */
    public Map<String, String> hadoopSettings() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("fs.s3a.endpoint", endpoint());
        m.put("fs.s3a.endpoint.region", "us-east-1");
        m.put("fs.s3a.path.style.access", "true");
        m.put("fs.s3a.connection.ssl.enabled", "false");
        m.put("fs.s3a.aws.credentials.provider", "org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider");
        m.put("fs.s3a.access.key", accessKey);
        m.put("fs.s3a.secret.key", secretKey);
        m.put("fs.s3a.directory.marker.retention", "keep");
        m.put("fs.s3a.change.detection.mode", "none");
        m.put("fs.s3a.attempts.maximum", "3");
        m.put("fs.s3a.retry.limit", "3");
        return m;
    }

    @Override
    public void close() {
        process.destroyForcibly();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
