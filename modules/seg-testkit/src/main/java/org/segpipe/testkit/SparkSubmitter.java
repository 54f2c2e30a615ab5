package org.segpipe.testkit;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Submits an application jar to a {@link StandaloneCluster} through
 * {@code org.apache.spark.deploy.SparkSubmit}, the same path {@code spark-submit} takes, in a child
 * JVM (the driver, client mode).
 */
public final class SparkSubmitter {

    /** How a submission ended: exit code and the driver's log. */
    public record Outcome(int exitCode, Path log) {
        public String logTail(int lines) {
            return JavaProcess.tail(log, lines);
        }
    }

    private SparkSubmitter() {
    }

    /**
     * @param conf    extra {@code --conf} settings
     * @param appArgs arguments of the main class
     */
    public static Outcome submit(StandaloneCluster cluster, Path appJar, String mainClass, Map<String, String> conf,
                                 List<String> appArgs, Path log, long timeoutSeconds) {
        List<String> args = new ArrayList<>(List.of("--master", cluster.masterUrl(), "--deploy-mode", "client",
                "--class", mainClass));
        String opens = String.join(" ", JavaProcess.JAVA17_OPENS);
        args.addAll(List.of("--conf", "spark.driver.host=127.0.0.1", "--conf", "spark.driver.bindAddress=127.0.0.1",
                "--conf", "spark.ui.enabled=false", "--conf", "spark.executor.extraJavaOptions=" + opens,
                "--conf", "spark.executor.memory=768m", "--conf", "spark.driver.memory=1g"));
        for (Map.Entry<String, String> e : conf.entrySet()) {
            args.add("--conf");
            args.add(e.getKey() + "=" + e.getValue());
        }
        args.add(appJar.toString());
        args.addAll(appArgs);
        List<String> jvm = new ArrayList<>(List.of("-Xmx1g", "-cp", JavaProcess.classpath()));
        jvm.addAll(JavaProcess.JAVA17_OPENS);
        Process p = JavaProcess.start(jvm, "org.apache.spark.deploy.SparkSubmit", args, cluster.env(), log);
        try {
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                throw new IllegalStateException("spark-submit of " + mainClass + " did not finish in " + timeoutSeconds
                        + " s; log tail:\n" + JavaProcess.tail(log, 40));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return new Outcome(p.exitValue(), log);
    }
}
