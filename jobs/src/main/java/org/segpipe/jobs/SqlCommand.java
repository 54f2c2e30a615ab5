package org.segpipe.jobs;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.segpipe.core.config.ConfigException;
import org.segpipe.spark.SparkSessions;
import org.segpipe.spark.sql.ReportViews;
import org.segpipe.spark.sql.ResultPrinter;

/**
 * {@code seg sql}: Spark SQL over report tables and ingested datasets. With a query, prints its
 * result and exits (2 when the query is wrong); without one, reads statements from stdin, each
 * ended by {@code ;}, until {@code \q} or the end of input (so it can be scripted with a pipe).
 */
public final class SqlCommand implements Command {

    private final InputStream in;
    private final boolean prompt;

    /** Reads stdin; prompts only when it is a terminal. */
    public SqlCommand() {
        this(System.in, System.console() != null);
    }

    public SqlCommand(InputStream in, boolean prompt) {
        this.in = in;
        this.prompt = prompt;
    }

    @Override
    public String name() {
        return "sql";
    }

    @Override
    public String summary() {
        return "Query report tables and datasets with Spark SQL; no query opens a prompt (statements end with ;).";
    }

    @Override
    public String usage() {
        return "--reports URI [--dataset [NAME=]URI ...] [--format table|csv|json] [--max-rows N] [\"SELECT ...\"]";
    }

    @Override
    public List<CliOption> options() {
        return List.of(
                CliOption.key("reports", "sql.reports", "URI", "folder of report tables: each sub-folder holding Parquet becomes a view"),
                CliOption.local("dataset", "[NAME=]URI", "an ingested dataset: views shards, rejects, manifest (NAME_shards ... "
                        + "when named); repeatable"),
                CliOption.key("format", "sql.format", "FMT", "table, csv or json (JSON lines) (default table)"),
                CliOption.key("max-rows", "sql.max-rows", "N", "most rows printed (default 1000)"));
    }

    @Override
    public int run(Invocation inv) throws IOException {
        ResultPrinter.Format format;
        try {
            format = ResultPrinter.Format.parse(inv.settings().string("sql.format"));
        } catch (IllegalArgumentException e) {
            throw new ConfigException("'sql.format' is '" + inv.settings().string("sql.format") + "' but must be table, csv or json");
        }
        int maxRows = inv.settings().integerAtLeast("sql.max-rows", 1);
        String reports = inv.settings().find("sql.reports").map(String::trim).orElse("");
        List<String[]> datasets = new ArrayList<>();
        for (String d : inv.all("dataset")) {
            datasets.add(parseDataset(d));
        }
        if (reports.isEmpty() && datasets.isEmpty()) {
            throw new UsageException("nothing to query: give --reports URI and/or --dataset URI");
        }
        String query = String.join(" ", inv.positional()).trim();

        SparkSession spark = SparkSessions.create(inv.settings(), "seg sql");
        Map<String, String> views = new LinkedHashMap<>();
        try {
            if (!reports.isEmpty()) {
                views.putAll(ReportViews.registerReports(spark, reports));
            }
            for (String[] d : datasets) {
                views.putAll(ReportViews.registerDataset(spark, d[0], d[1]));
            }
        } catch (IllegalArgumentException e) {
            inv.err().println("seg sql: " + e.getMessage());
            return ExitCodes.USAGE;
        }
        if (!query.isEmpty()) {
            return execute(spark, stripSemicolon(query), format, maxRows, inv) ? ExitCodes.OK : ExitCodes.USAGE;
        }
        return shell(spark, views, format, maxRows, inv);
    }

    /** {@code NAME=URI} or {@code URI}; a prefix counts as a name only when it is an identifier. */
    static String[] parseDataset(String value) {
        int eq = value.indexOf('=');
        if (eq > 0 && value.substring(0, eq).matches("[A-Za-z][A-Za-z0-9_]*")) {
            return new String[] {value.substring(0, eq), value.substring(eq + 1)};
        }
        return new String[] {null, value};
    }

    private int shell(SparkSession spark, Map<String, String> views, ResultPrinter.Format format, int maxRows,
                      Invocation inv) throws IOException {
        inv.err().println("views: " + String.join(", ", views.keySet()));
        inv.err().println("statements end with ';'; \\d lists views and their columns, \\q quits");
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        StatementSplitter splitter = new StatementSplitter();
        while (true) {
            if (prompt) {
                inv.out().print(splitter.isEmpty() ? "sql> " : "  -> ");
                inv.out().flush();
            }
            String line = reader.readLine();
            if (line == null) {
                break;
            }
            String trimmed = line.trim();
            if (splitter.isEmpty() && trimmed.startsWith("\\")) {
                if (trimmed.equals("\\q") || trimmed.equals("\\quit")) {
                    break;
                }
                if (trimmed.equals("\\d")) {
                    describe(spark, views, inv);
                } else {
                    inv.err().println("unknown command " + trimmed + " (\\d lists views, \\q quits)");
                }
                continue;
            }
            for (String statement : splitter.add(line)) {
                execute(spark, statement, format, maxRows, inv);
            }
        }
        String rest = splitter.rest();
        if (!rest.isBlank()) {
            inv.err().println("ignored an unfinished statement at the end of input (no ';'): " + abbreviate(rest));
        }
        return ExitCodes.OK;
    }

    private static void describe(SparkSession spark, Map<String, String> views, Invocation inv) {
        for (Map.Entry<String, String> v : views.entrySet()) {
            List<String> cols = new ArrayList<>();
            for (var f : spark.table(v.getKey()).schema().fields()) {
                cols.add(f.name() + " " + f.dataType().simpleString());
            }
            inv.out().println(v.getKey() + " (" + v.getValue() + ")");
            inv.out().println("  " + String.join(", ", cols));
        }
    }

    /** Runs one statement and prints its result; errors print one line and return false. */
    private static boolean execute(SparkSession spark, String statement, ResultPrinter.Format format, int maxRows,
                                   Invocation inv) {
        try {
            Dataset<Row> result = spark.sql(statement);
            if (result.schema().fields().length == 0) {
                inv.err().println("OK"); // a command (CREATE VIEW, SET ...) with no result columns
                return true;
            }
            ResultPrinter.Printed p = ResultPrinter.print(result, format, maxRows, inv.out());
            if (p.truncated()) {
                inv.err().println("(showing the first " + p.rows() + " rows; --max-rows N shows more)");
            }
            inv.out().flush();
            return true;
        } catch (Exception e) { // AnalysisException is checked in Scala's eyes only
            String message = e.getMessage() == null ? e.toString() : e.getMessage();
            inv.err().println("error: " + message.lines().findFirst().orElse(message).trim());
            return false;
        }
    }

    private static String stripSemicolon(String q) {
        String t = q.trim();
        while (t.endsWith(";")) {
            t = t.substring(0, t.length() - 1).trim();
        }
        return t;
    }

    private static String abbreviate(String s) {
        String one = s.trim().replaceAll("\\s+", " ");
        return one.length() > 60 ? one.substring(0, 57) + "..." : one;
    }

    /**
     * Cuts input lines into statements at semicolons outside quotes ({@code '...'},
     * {@code "..."}, {@code `...`}) and comments ({@code -- ...}, {@code /* ... *}{@code /}).
     */
    static final class StatementSplitter {
        private final StringBuilder current = new StringBuilder();
        private char quote;
        private boolean blockComment;

        boolean isEmpty() {
            return current.toString().isBlank() && quote == 0 && !blockComment;
        }

        String rest() {
            return current.toString();
        }

        /** Adds one line; returns the statements it completed (without their ';'). */
        List<String> add(String line) {
            List<String> done = new ArrayList<>();
            for (int i = 0; i < line.length(); i++) {
                char c = line.charAt(i);
                char next = i + 1 < line.length() ? line.charAt(i + 1) : 0;
                if (blockComment) {
                    current.append(c);
                    if (c == '*' && next == '/') {
                        current.append(next);
                        i++;
                        blockComment = false;
                    }
                } else if (quote != 0) {
                    current.append(c);
                    if (c == '\\' && next != 0) {
                        current.append(next);
                        i++;
                    } else if (c == quote) {
                        quote = 0;
                    }
                } else if (c == '-' && next == '-') {
                    break; // the rest of the line is a comment
                } else if (c == '/' && next == '*') {
                    current.append(c).append(next);
                    i++;
                    blockComment = true;
                } else if (c == '\'' || c == '"' || c == '`') {
                    quote = c;
                    current.append(c);
                } else if (c == ';') {
                    String s = current.toString().trim();
                    if (!s.isEmpty()) {
                        done.add(s);
                    }
                    current.setLength(0);
                } else {
                    current.append(c);
                }
            }
            current.append('\n');
            return done;
        }
    }
}
