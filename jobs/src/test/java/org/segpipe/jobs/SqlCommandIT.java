package org.segpipe.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.segpipe.testkit.LocalSpark;

/** {@code seg sql} over report tables written by the test, as the evaluation writes them (partitioned by run_id). */
class SqlCommandIT {

    @TempDir
    static Path reports;

    private record Outcome(int code, String out, String err) {
    }

    private static Outcome run(String stdin, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        SegCli cli = new SegCli(List.of(new SqlCommand(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), false)));
        int code = cli.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Outcome(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @BeforeAll
    static void writeReports() throws Exception {
        SparkSession spark = LocalSpark.get();
        StructType runs = new StructType().add("run_id", DataTypes.StringType).add("model", DataTypes.StringType)
                .add("miou", DataTypes.DoubleType);
        spark.createDataFrame(List.of(RowFactory.create("r1", "unet-16", 0.5), RowFactory.create("r2", "unet-32", 0.625)), runs)
                .write().mode(SaveMode.Overwrite).partitionBy("run_id").parquet(reports.resolve("runs").toString());
        StructType classes = new StructType().add("run_id", DataTypes.StringType).add("class_name", DataTypes.StringType)
                .add("iou", DataTypes.DoubleType).add("note", DataTypes.StringType);
        spark.createDataFrame(List.of(
                        RowFactory.create("r1", "road", 0.75, null), RowFactory.create("r1", "car", 0.25, "a, \"quoted\" note"),
                        RowFactory.create("r2", "road", 0.875, null), RowFactory.create("r2", "car", 0.375, null)), classes)
                .write().mode(SaveMode.Overwrite).partitionBy("run_id").parquet(reports.resolve("class-metrics").toString());
        Files.createDirectories(reports.resolve("_tmp"));
        Files.createDirectories(reports.resolve("empty"));
    }

    @Test
    void answersAQueryAsAnAlignedTable() {
        Outcome o = run("", "sql", "--reports", reports.toString(),
                "SELECT c.class_name, c.run_id, c.iou, r.model FROM class_metrics c JOIN runs r ON c.run_id = r.run_id "
                        + "WHERE c.iou > 0.3 ORDER BY c.iou DESC");
        assertEquals(ExitCodes.OK, o.code(), o.err());
        assertEquals("""
                class_name | run_id |   iou | model
                -----------+--------+-------+--------
                road       | r2     | 0.875 | unet-32
                road       | r1     |  0.75 | unet-16
                car        | r2     | 0.375 | unet-32
                (3 rows)
                """, o.out());
    }

    @Test
    void printsCsvAndJsonLines() {
        String q = "SELECT run_id, class_name, iou, note FROM class_metrics WHERE run_id = 'r1' ORDER BY class_name";
        Outcome csv = run("", "sql", "--reports", reports.toString(), "--format", "csv", q);
        assertEquals("run_id,class_name,iou,note\r\nr1,car,0.25,\"a, \"\"quoted\"\" note\"\r\nr1,road,0.75,\r\n", csv.out());
        Outcome json = run("", "sql", "--reports", reports.toString(), "--format", "json", q);
        assertEquals("{\"run_id\":\"r1\",\"class_name\":\"car\",\"iou\":0.25,\"note\":\"a, \\\"quoted\\\" note\"}\n"
                + "{\"run_id\":\"r1\",\"class_name\":\"road\",\"iou\":0.75}\n", json.out());
        Outcome cut = run("", "sql", "--reports", reports.toString(), "--max-rows", "1", "--format", "csv",
                "SELECT class_name FROM class_metrics ORDER BY class_name");
        assertEquals("class_name\r\ncar\r\n", cut.out());
        assertTrue(cut.err().contains("(showing the first 1 rows; --max-rows N shows more)"), cut.err());
    }

    @Test
    void promptReadsStatementsFromAPipe() {
        String stdin = """
                CREATE TEMPORARY VIEW r2 AS SELECT * FROM runs WHERE run_id = 'r2';
                SELECT count(*) AS n
                  FROM runs; -- a comment; not a statement
                SELECT 'a;b' AS s;
                SELECT nope FROM runs;
                \\d
                SELECT model FROM runs
                 WHERE run_id = 'r1'
                ;
                \\q
                SELECT 'never run';
                """;
        Outcome o = run(stdin, "sql", "--reports", reports.toString());
        assertEquals(ExitCodes.OK, o.code(), o.err());
        assertTrue(o.err().startsWith("views: class_metrics, runs\n"), o.err());
        assertTrue(o.err().contains("\nOK\n"), o.err());
        assertTrue(o.out().startsWith("n\n-\n2\n(1 row)\ns\n---\na;b\n(1 row)\n"), o.out());
        assertTrue(o.err().contains("error: [UNRESOLVED_COLUMN.WITH_SUGGESTION]"), o.err());
        assertTrue(o.out().contains("runs (") && o.out().contains("model string, miou double, run_id string"), o.out());
        assertTrue(o.out().endsWith("model\n-------\nunet-16\n(1 row)\n"), o.out());
        assertTrue(!o.out().contains("never run"), o.out());
    }

    @Test
    void badInputEndsWithExitTwoAndOneLine(@TempDir Path empty) {
        Outcome query = run("", "sql", "--reports", reports.toString(), "SELECT * FROM nothing_here");
        assertEquals(ExitCodes.USAGE, query.code());
        assertTrue(query.err().startsWith("error: [TABLE_OR_VIEW_NOT_FOUND]"), query.err());
        assertEquals(1, query.err().lines().count(), query.err());
        Outcome none = run("", "sql", "--reports", empty.toString(), "SELECT 1");
        assertEquals(ExitCodes.USAGE, none.code());
        assertTrue(none.err().startsWith("seg sql: no report tables under " + empty), none.err());
        Outcome missing = run("", "sql", "SELECT 1");
        assertEquals(ExitCodes.USAGE, missing.code());
        assertTrue(missing.err().contains("nothing to query: give --reports URI and/or --dataset URI"), missing.err());
        Outcome format = run("", "sql", "--reports", reports.toString(), "--format", "xml", "SELECT 1");
        assertEquals(ExitCodes.USAGE, format.code());
        assertTrue(format.err().contains("'sql.format' is 'xml' but must be table, csv or json"), format.err());
    }
}
