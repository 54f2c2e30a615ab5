package org.segpipe.spark.io;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;

/**
 * Replaces one partition of a Hive-style partitioned Parquet table by writing straight into its
 * folder ({@code table/k1=v1/k2=v2/}). Readers of {@code table} see the keys as columns, exactly
 * as with {@code partitionBy} + dynamic overwrite, but this also works with the S3A committers
 * (Spark's {@code PathOutputCommitProtocol} refuses dynamic partition overwrite) and costs no
 * rename of a staging folder on object stores.
 */
public final class PartitionWrites {

    private PartitionWrites() {
    }

    /**
     * Writes {@code rows} (without the partition columns, which are dropped when present) as the
     * partition {@code keys} of {@code tableUri}, replacing what that partition held.
     *
     * @param keys partition column names and values in folder order; values must be path-safe
     *             (run ids are, see {@code RunIds.validate})
     */
    public static void overwrite(Dataset<Row> rows, String tableUri, Map<String, ?> keys) {
        String dir = tableUri;
        Dataset<Row> data = rows;
        for (Map.Entry<String, ?> k : keys.entrySet()) {
            dir = HadoopFiles.child(dir, k.getKey() + "=" + k.getValue());
            data = data.drop(k.getKey());
        }
        data.write().mode(SaveMode.Overwrite).parquet(dir);
    }

    /** {@link #overwrite(Dataset, String, Map)} for the usual single {@code run_id} partition. */
    public static void overwriteRun(Dataset<Row> rows, String tableUri, String runId) {
        overwrite(rows, tableUri, Map.of("run_id", runId));
    }

    /** Keys in order, for two-level partitions. */
    public static Map<String, Object> keys(String k1, Object v1, String k2, Object v2) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(k1, v1);
        m.put(k2, v2);
        return m;
    }
}
