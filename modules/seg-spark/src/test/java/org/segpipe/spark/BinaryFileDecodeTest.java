package org.segpipe.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.segpipe.core.image.InstanceMask;
import org.segpipe.core.png.PngImages;
import org.segpipe.testkit.FixtureDatasets;
import org.segpipe.testkit.LocalSpark;

/**
 * Spark wiring: 16-bit instance PNGs listed with {@code binaryFile} and decoded on executors keep
 * every bit (Spark's own image source would truncate them to 8 bits).
 */
class BinaryFileDecodeTest {

    /** Per file: the largest instance value and a checksum of all values. */
    static String summary(String path, byte[] png) {
        InstanceMask m = PngImages.decodeInstanceIds(png, path);
        int max = 0;
        long sum = 0;
        for (int i = 0; i < m.values().length; i++) {
            max = Math.max(max, m.at(i));
            sum = sum * 31 + m.at(i);
        }
        return max + ":" + sum;
    }

    @Test
    void sixteenBitInstanceIdsSurviveExecutors(@TempDir Path dir) throws Exception {
        Path root = FixtureDatasets.cityscapes(dir, 4, 64, 32, 5);
        SparkSession spark = LocalSpark.get();
        Dataset<Row> files = spark.read().format("binaryFile")
                .option("recursiveFileLookup", "true")
                .option("pathGlobFilter", "*_instanceIds.png")
                .load(root.toString());
        List<String> decoded = files.map((MapFunction<Row, String>) r -> {
            String path = r.getString(r.fieldIndex("path"));
            return path.substring(path.lastIndexOf('/') + 1) + "=" + summary(path, r.getAs("content"));
        }, Encoders.STRING()).collectAsList();
        assertEquals(4, decoded.size());

        Map<String, String> expected = new TreeMap<>();
        try (var walk = Files.walk(root)) {
            for (Path p : walk.filter(p -> p.toString().endsWith("_instanceIds.png")).toList()) {
                expected.put(p.getFileName().toString(), summary(p.toString(), Files.readAllBytes(p)));
            }
        }
        Map<String, String> actual = new TreeMap<>();
        for (String d : decoded) {
            actual.put(d.substring(0, d.indexOf('=')), d.substring(d.indexOf('=') + 1));
        }
        assertEquals(expected, actual);
        assertTrue(actual.values().stream().anyMatch(v -> Integer.parseInt(v.split(":")[0]) >= 24000),
                "instance values above 255 were read: " + actual);
    }
}
