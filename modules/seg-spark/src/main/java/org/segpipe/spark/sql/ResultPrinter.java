package org.segpipe.spark.sql;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.BinaryType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;

/**
 * Prints a query result as an aligned text table, CSV (RFC 4180, with a header) or JSON lines.
 * At most {@code maxRows} rows are fetched to the driver. Binary columns (PNG bytes) print as
 * {@code <N bytes>}; values are rendered by Spark's own casts, so numbers and arrays look the same
 * as in {@code spark-sql}.
 */
public final class ResultPrinter {

    /** Output formats. */
    public enum Format {
        TABLE, CSV, JSON;

        public static Format parse(String s) {
            for (Format f : values()) {
                if (f.name().equalsIgnoreCase(s)) {
                    return f;
                }
            }
            throw new IllegalArgumentException("format '" + s + "' is not one of table, csv, json");
        }
    }

    /**
     * What was printed.
     *
     * @param rows      rows printed
     * @param truncated whether the result had more than the rows printed
     */
    public record Printed(int rows, boolean truncated) {
    }

    private ResultPrinter() {
    }

    public static Printed print(Dataset<Row> result, Format format, int maxRows, PrintStream out) {
        StructField[] fields = result.schema().fields();
        // Positional names, so results with repeated column names (a join's two "key"s) still print.
        String[] positional = new String[fields.length];
        for (int i = 0; i < fields.length; i++) {
            positional[i] = "c" + i;
        }
        Dataset<Row> shown = withoutBinary(result.toDF(positional));
        if (format == Format.JSON) {
            String[] names = new String[fields.length];
            for (int i = 0; i < fields.length; i++) {
                names[i] = fields[i].name();
            }
            List<String> lines = shown.toDF(names).limit(maxRows + 1).toJSON().collectAsList();
            boolean truncated = lines.size() > maxRows;
            lines.stream().limit(maxRows).forEach(out::println);
            return new Printed(Math.min(lines.size(), maxRows), truncated);
        }
        List<Column> asText = new ArrayList<>();
        for (String c : positional) {
            asText.add(functions.col(c).cast("string"));
        }
        List<Row> rows = shown.select(asText.toArray(new Column[0])).limit(maxRows + 1).collectAsList();
        boolean truncated = rows.size() > maxRows;
        List<Row> kept = rows.subList(0, Math.min(rows.size(), maxRows));
        if (format == Format.CSV) {
            printCsv(fields, kept, out);
        } else {
            printTable(fields, kept, out);
        }
        return new Printed(kept.size(), truncated);
    }

    private static Dataset<Row> withoutBinary(Dataset<Row> df) {
        List<Column> cols = new ArrayList<>();
        boolean any = false;
        for (StructField f : df.schema().fields()) {
            Column c = functions.col(f.name());
            if (f.dataType() instanceof BinaryType) {
                any = true;
                cols.add(functions.when(c.isNull(), functions.lit(null).cast("string"))
                        .otherwise(functions.concat(functions.lit("<"), functions.length(c).cast("string"), functions.lit(" bytes>")))
                        .as(f.name()));
            } else {
                cols.add(c);
            }
        }
        return any ? df.select(cols.toArray(new Column[0])) : df;
    }

    private static void printTable(StructField[] fields, List<Row> rows, PrintStream out) {
        int n = fields.length;
        int[] width = new int[n];
        boolean[] right = new boolean[n];
        for (int i = 0; i < n; i++) {
            width[i] = fields[i].name().length();
            DataType t = fields[i].dataType();
            right[i] = t instanceof NumericType || t instanceof DecimalType;
        }
        List<String[]> cells = new ArrayList<>();
        for (Row r : rows) {
            String[] c = new String[n];
            for (int i = 0; i < n; i++) {
                c[i] = r.isNullAt(i) ? "NULL" : r.getString(i).replace("\n", "\\n").replace("\t", "\\t");
                width[i] = Math.max(width[i], c[i].length());
            }
            cells.add(c);
        }
        StringBuilder header = new StringBuilder();
        StringBuilder rule = new StringBuilder();
        for (int i = 0; i < n; i++) {
            header.append(i == 0 ? "" : " | ").append(pad(fields[i].name(), width[i], right[i]));
            rule.append(i == 0 ? "" : "-+-").append("-".repeat(width[i]));
        }
        out.println(stripEnd(header));
        out.println(rule);
        for (String[] c : cells) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < n; i++) {
                line.append(i == 0 ? "" : " | ").append(pad(c[i], width[i], right[i]));
            }
            out.println(stripEnd(line));
        }
        out.println("(" + rows.size() + (rows.size() == 1 ? " row)" : " rows)"));
    }

    private static void printCsv(StructField[] fields, List<Row> rows, PrintStream out) {
        List<String> header = new ArrayList<>();
        for (StructField f : fields) {
            header.add(csv(f.name()));
        }
        out.print(String.join(",", header) + "\r\n");
        for (Row r : rows) {
            List<String> line = new ArrayList<>();
            for (int i = 0; i < fields.length; i++) {
                line.add(r.isNullAt(i) ? "" : csv(r.getString(i)));
            }
            out.print(String.join(",", line) + "\r\n");
        }
    }

    static String csv(String v) {
        if (v.contains(",") || v.contains("\"") || v.contains("\n") || v.contains("\r")) {
            return "\"" + v.replace("\"", "\"\"") + "\"";
        }
        return v;
    }

    private static String pad(String s, int width, boolean right) {
        String fill = " ".repeat(Math.max(0, width - s.length()));
        return right ? fill + s : s + fill;
    }

    private static String stripEnd(CharSequence s) {
        return s.toString().replaceAll("\\s+$", "");
    }
}
