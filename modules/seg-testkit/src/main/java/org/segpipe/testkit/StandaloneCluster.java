package org.segpipe.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real Spark standalone cluster on 127.0.0.1: one Master and N Workers, each its own JVM, started
 * from the test classpath (STACK.md: a stand-in SPARK_HOME whose {@code jars/} links the classpath
 * jars, {@code SPARK_SCALA_VERSION=2.12}). Workers can offer fake GPU addresses through a
 * discovery script, so resource scheduling is exercised on CPU machines.
 */
public final class StandaloneCluster implements AutoCloseable {

    /** What to start. {@code gpusPerWorker} > 0 makes each worker offer that many fake GPU addresses. */
    public record Spec(int workers, int coresPerWorker, String memoryPerWorker, int gpusPerWorker) {
        public static Spec small() {
            return new Spec(2, 1, "1g", 0);
        }
    }

    private final Path dir;
    private final Path sparkHome;
    private final Process master;
    private final List<Process> workers = new ArrayList<>();
    private final int masterPort;
    private final int masterUiPort;

    private StandaloneCluster(Path dir, Spec spec) {
        this.dir = dir;
        this.sparkHome = sparkHome(dir);
        this.masterPort = JavaProcess.freePort();
        this.masterUiPort = JavaProcess.freePort();
        Map<String, String> env = env();
        List<String> jvm = new ArrayList<>(List.of("-Xmx512m", "-cp", JavaProcess.classpath()));
        jvm.addAll(JavaProcess.JAVA17_OPENS);
        Path masterLog = dir.resolve("logs/master.log");
        master = JavaProcess.start(jvm, "org.apache.spark.deploy.master.Master",
                List.of("--host", "127.0.0.1", "--port", Integer.toString(masterPort),
                        "--webui-port", Integer.toString(masterUiPort)), env, masterLog);
        JavaProcess.awaitPort(masterPort, 60_000, master, masterLog);
        for (int i = 0; i < spec.workers(); i++) {
            List<String> wjvm = new ArrayList<>(jvm);
            if (spec.gpusPerWorker() > 0) {
                Path script = gpuDiscoveryScript(dir, i, spec.gpusPerWorker());
                wjvm.add("-Dspark.worker.resource.gpu.amount=" + spec.gpusPerWorker());
                wjvm.add("-Dspark.worker.resource.gpu.discoveryScript=" + script);
            }
            Path workDir = dir.resolve("work-" + i);
            Path log = dir.resolve("logs/worker-" + i + ".log");
            workers.add(JavaProcess.start(wjvm, "org.apache.spark.deploy.worker.Worker",
                    List.of("spark://127.0.0.1:" + masterPort, "--host", "127.0.0.1",
                            "--cores", Integer.toString(spec.coresPerWorker()), "--memory", spec.memoryPerWorker(),
                            "--webui-port", Integer.toString(JavaProcess.freePort()), "--work-dir", workDir.toString()),
                    env, log));
        }
        awaitWorkers(spec.workers(), 90_000);
    }

    /** Starts a cluster under {@code dir} (logs, work folders and the stand-in SPARK_HOME go there). */
    public static StandaloneCluster start(Path dir, Spec spec) {
        return new StandaloneCluster(dir, spec);
    }

    public String masterUrl() {
        return "spark://127.0.0.1:" + masterPort;
    }

    public Path sparkHome() {
        return sparkHome;
    }

    public Path dir() {
        return dir;
    }

    /** Environment for processes that talk to this cluster (SparkSubmit, executors). */
    public Map<String, String> env() {
        Map<String, String> env = new HashMap<>();
        env.put("SPARK_HOME", sparkHome.toString());
        env.put("SPARK_SCALA_VERSION", "2.12");
        env.put("SPARK_LOCAL_IP", "127.0.0.1");
        env.put("SPARK_LOG_DIR", dir.resolve("logs").toString());
        return env;
    }

    /** The executor JVMs currently running (children of the workers). */
    public List<ProcessHandle> executors() {
        List<ProcessHandle> out = new ArrayList<>();
        for (Process w : workers) {
            w.toHandle().descendants().filter(p -> p.info().commandLine().orElse("")
                    .contains("CoarseGrainedExecutorBackend")).forEach(out::add);
        }
        return out;
    }

    /** How many workers the master reports ALIVE, read from its JSON status page. */
    public int aliveWorkers() {
        String json = masterJson();
        Matcher m = Pattern.compile("\"aliveworkers\"\\s*:\\s*(\\d+)").matcher(json);
        return m.find() ? Integer.parseInt(m.group(1)) : 0;
    }

    private String masterJson() {
        try {
            HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + masterUiPort + "/json/"))
                    .timeout(Duration.ofSeconds(5)).build();
            return client.send(req, HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    private void awaitWorkers(int n, long timeoutMs) {
        long deadline = System.currentTimeMillis() + timeoutMs;
        while (System.currentTimeMillis() < deadline) {
            if (aliveWorkers() >= n) {
                return;
            }
            JavaProcess.sleep(300);
        }
        StringBuilder logs = new StringBuilder();
        for (int i = 0; i < workers.size(); i++) {
            logs.append("\n--- worker ").append(i).append(":\n").append(JavaProcess.tail(dir.resolve("logs/worker-" + i + ".log"), 20));
        }
        close();
        throw new IllegalStateException(n + " workers did not register within " + timeoutMs + " ms" + logs);
    }

    @Override
    public void close() {
        for (Process w : workers) {
            w.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
            w.destroyForcibly();
        }
        master.destroyForcibly();
        for (Process w : workers) {
            waitFor(w);
        }
        waitFor(master);
    }

    private static void waitFor(Process p) {
        try {
            p.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A SPARK_HOME whose jars/ links every jar of the test classpath. */
    private static Path sparkHome(Path dir) {
        Path home = dir.resolve("spark-home");
        Path jars = home.resolve("jars");
        try {
            Files.createDirectories(jars);
            Files.createDirectories(home.resolve("conf"));
            Files.createDirectories(dir.resolve("logs"));
            int i = 0;
            for (String entry : JavaProcess.classpath().split(java.io.File.pathSeparator)) {
                Path p = Path.of(entry);
                if (entry.endsWith(".jar") && Files.isRegularFile(p)) {
                    // Prefix keeps names unique; order does not matter for these jars.
                    Files.createSymbolicLink(jars.resolve(String.format("%04d-%s", i++, p.getFileName())), p.toAbsolutePath());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare SPARK_HOME under " + dir + ": " + e.getMessage(), e);
        }
        return home;
    }

    /** A discovery script printing distinct fake GPU addresses for worker {@code index}. */
    private static Path gpuDiscoveryScript(Path dir, int index, int gpus) {
        StringBuilder addrs = new StringBuilder();
        for (int g = 0; g < gpus; g++) {
            addrs.append(g == 0 ? "" : ",").append("\"").append(index * gpus + g).append("\"");
        }
        Path script = dir.resolve("gpu-discovery-" + index + ".sh");
        try {
            Files.writeString(script, "#!/usr/bin/env bash\necho '{\"name\":\"gpu\",\"addresses\":[" + addrs + "]}'\n");
            script.toFile().setExecutable(true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return script;
    }
}
