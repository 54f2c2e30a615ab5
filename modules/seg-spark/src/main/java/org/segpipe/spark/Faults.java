package org.segpipe.spark;

import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkEnv;
import org.apache.spark.TaskContext;

/**
 * Test-only fault injection at named points inside tasks, switched on by Spark settings that reach
 * every executor with the application's SparkConf (nothing is threaded through the code):
 * <ul>
 *   <li>{@code spark.segpipe.faults.fail-first-attempt = ingest.validate,evaluate.images,...}: the first
 *       attempt of every task entering one of these points throws {@link InjectedFault}, so the
 *       retry path (and the output it produces) is exercised;</li>
 *   <li>{@code spark.segpipe.faults.delay-ms = 3000} with {@code spark.segpipe.faults.delay-points = ...}:
 *       each task attempt sleeps once at these points, giving a test time to kill an executor or a
 *       driver while work is in flight.</li>
 * </ul>
 * With neither set, {@link #enter} costs a map lookup. Outside a task it does nothing.
 */
public final class Faults {

    public static final String FAIL_FIRST_ATTEMPT = "spark.segpipe.faults.fail-first-attempt";
    public static final String DELAY_MS = "spark.segpipe.faults.delay-ms";
    public static final String DELAY_POINTS = "spark.segpipe.faults.delay-points";

    /** Task attempts that already slept, so a point entered per row delays a task only once. */
    private static final Set<Long> DELAYED = ConcurrentHashMap.newKeySet();

    private Faults() {
    }

    /** Thrown by an injected failure; its message names the point, stage and partition. */
    public static final class InjectedFault extends RuntimeException {
        public InjectedFault(String message) {
            super(message);
        }
    }

    /** Marks that a task reached {@code point} (e.g. {@code ingest.write}); see the class comment. */
    public static void enter(String point) {
        TaskContext task = TaskContext.get();
        SparkEnv env = SparkEnv.get();
        if (task == null || env == null) {
            return;
        }
        SparkConf conf = env.conf();
        if (task.attemptNumber() == 0 && names(conf.get(FAIL_FIRST_ATTEMPT, "")).contains(point)) {
            throw new InjectedFault("injected failure at " + point + " (stage " + task.stageId() + ", partition "
                    + task.partitionId() + ", attempt 0; " + FAIL_FIRST_ATTEMPT + ")");
        }
        long delay = conf.getLong(DELAY_MS, 0);
        if (delay > 0 && names(conf.get(DELAY_POINTS, "")).contains(point) && DELAYED.add(task.taskAttemptId())) {
            try {
                Thread.sleep(delay);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * The rows with {@link #enter(String)} called at {@code point} in every task that produces them,
     * when the session has faults configured; otherwise the rows unchanged (no extra plan step).
     */
    public static org.apache.spark.sql.Dataset<org.apache.spark.sql.Row> traced(
            org.apache.spark.sql.Dataset<org.apache.spark.sql.Row> rows, String point) {
        SparkConf conf = rows.sparkSession().sparkContext().getConf();
        if (conf.get(FAIL_FIRST_ATTEMPT, "").isBlank() && conf.getLong(DELAY_MS, 0) <= 0) {
            return rows;
        }
        org.apache.spark.api.java.JavaRDD<org.apache.spark.sql.Row> entered = rows.javaRDD().mapPartitions(it -> {
            enter(point);
            return it;
        });
        return rows.sparkSession().createDataFrame(entered, rows.schema());
    }

    private static Set<String> names(String list) {
        if (list.isBlank()) {
            return Set.of();
        }
        return Arrays.stream(list.split(",")).map(String::trim).filter(s -> !s.isEmpty()).collect(Collectors.toSet());
    }
}
