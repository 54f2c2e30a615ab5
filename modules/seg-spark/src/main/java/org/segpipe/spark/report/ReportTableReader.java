package org.segpipe.spark.report;

import static org.apache.spark.sql.functions.col;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.segpipe.core.report.ReportData;

/**
 * The report tables of one reports folder ({@code seg evaluate --out}): each table read with the
 * run as a partition filter, so a run's report reads only that run's files. Tables a folder lacks
 * (a run without problems writes no {@code problems} partition; a folder may hold no panoptic run)
 * read as empty.
 */
final class ReportTableReader {

    private final SparkSession spark;
    private final String root;

    ReportTableReader(SparkSession spark, String reports) {
        this.spark = spark;
        this.root = reports.replaceAll("/+$", "");
    }

    String root() {
        return root;
    }

    boolean exists(String table) {
        Path p = new Path(root + "/" + table);
        try {
            FileSystem fs = p.getFileSystem(spark.sparkContext().hadoopConfiguration());
            return fs.exists(p);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open " + p + ": " + e.getMessage(), e);
        }
    }

    /** Every run's rows of a table, or null when the folder has no such table. */
    Dataset<Row> all(String table) {
        return exists(table) ? spark.read().parquet(root + "/" + table) : null;
    }

    /** One run's rows of a table, or null when the folder has no such table. */
    Dataset<Row> run(String table, String runId) {
        Dataset<Row> all = all(table);
        return all == null ? null : all.filter(col("run_id").equalTo(runId));
    }

    /**
     * A {@code runs} or {@code saliency_runs} row as the page's record; the columns a saliency run
     * does not have (split, the results folders, the Cityscapes headlines) are null.
     */
    static ReportData.Run toRun(Row r) {
        Map<String, Long> counts = new TreeMap<>();
        int i = r.fieldIndex("problem_counts");
        if (!r.isNullAt(i)) {
            r.<String, Long>getJavaMap(i).forEach(counts::put);
        }
        return new ReportData.Run(r.getAs("run_id"), time(r, "started_at"), time(r, "finished_at"), r.getAs("code_version"),
                r.getAs("config_hash"), r.getAs("gt_uri"), opt(r, "split"), opt(r, "semantic_uri"), opt(r, "instances_uri"),
                opt(r, "panoptic_uri"), r.getAs("input_fingerprint"), longOf(r, "images_total"), longOf(r, "images_evaluated"),
                longOf(r, "images_rejected"), longOf(r, "problems"), counts, opt(r, "miou"), opt(r, "iiou"),
                opt(r, "instance_ap"), opt(r, "instance_ap50"), opt(r, "coco_ap"), opt(r, "pq"));
    }

    /** A column's value, or null when the row has no such column. */
    private static <T> T opt(Row r, String name) {
        return java.util.Arrays.asList(r.schema().fieldNames()).contains(name) ? r.getAs(name) : null;
    }

    private static long longOf(Row r, String name) {
        Object v = r.getAs(name);
        return v == null ? 0 : ((Number) v).longValue();
    }

    /** A timestamp column as ISO-8601, or null. */
    static String time(Row r, String name) {
        Timestamp t = r.getAs(name);
        return t == null ? null : t.toInstant().toString();
    }

    /** A row as name to value, without the given columns (Spark values: Long, Double, Integer, Boolean, String). */
    static Map<String, Object> asMap(Row r, List<String> without) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (String f : r.schema().fieldNames()) {
            if (!without.contains(f)) {
                Object v = r.getAs(f);
                out.put(f, v instanceof Double d && (d.isNaN() || d.isInfinite()) ? null : v);
            }
        }
        return out;
    }

    static List<ReportData.Metric> metrics(Dataset<Row> classMetrics) {
        List<ReportData.Metric> out = new ArrayList<>();
        if (classMetrics == null) {
            return out;
        }
        for (Row r : classMetrics.select("protocol", "scope", "name", "label_id", "metric", "value").collectAsList()) {
            out.add(new ReportData.Metric(r.getString(0), r.getString(1), r.getString(2), r.isNullAt(3) ? null : r.getInt(3),
                    r.getString(4), r.isNullAt(5) ? null : r.getDouble(5)));
        }
        // the table's order is the writer's; sort like the label table (overall first, then label id, then name)
        out.sort((a, b) -> {
            int c = a.protocol().compareTo(b.protocol());
            if (c != 0) {
                return c;
            }
            c = Integer.compare(scopeOrder(a.scope()), scopeOrder(b.scope()));
            if (c != 0) {
                return c;
            }
            c = Integer.compare(a.labelId() == null ? categoryOrder(a.name()) : a.labelId(),
                    b.labelId() == null ? categoryOrder(b.name()) : b.labelId());
            if (c != 0) {
                return c;
            }
            c = a.name().compareTo(b.name());
            return c != 0 ? c : a.metric().compareTo(b.metric());
        });
        return out;
    }

    /** Categories in the label table's order (flat, construction, object, ...); others last. */
    private static int categoryOrder(String name) {
        int i = 0;
        for (var l : org.segpipe.core.cityscapes.CityscapesLabels.withIds()) {
            if (l.category().equals(name)) {
                return i;
            }
            i++;
        }
        return Integer.MAX_VALUE;
    }

    private static int scopeOrder(String scope) {
        return switch (scope) {
            case "overall" -> 0;
            case "category" -> 1;
            default -> 2;
        };
    }
}
