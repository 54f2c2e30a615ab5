package org.segpipe.core.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes the report as ONE self-contained HTML file: the page's styles and script, Apache ECharts
 * (vendored, see {@code resources/org/segpipe/core/report/echarts/README.md}) and the model as JSON
 * are inlined, pictures are PNG data URIs, and a Content-Security-Policy forbids every network
 * request, so the page opens the same from a laptop, a mail attachment or an air-gapped machine.
 *
 * <p>Why ECharts: one Apache-2.0 file draws every chart the report needs (bars, lines, a heat map
 * with a colour scale) with tooltips, legends that toggle series and an SVG renderer, so charts stay
 * sharp when zoomed or printed and tests can count what was drawn. Chart.js would need a plugin for
 * the heat map; Vega-Lite needs three libraries.
 */
public final class ReportPage {

    private static final String BASE = "/org/segpipe/core/report/";
    private static final Pattern SLOT = Pattern.compile("\\{\\{([A-Z]+)}}");
    private static final ObjectMapper JSON = new ObjectMapper();

    private ReportPage() {
    }

    /** The page for {@code data}. */
    public static String render(ReportData data) {
        String json;
        try {
            json = JSON.writeValueAsString(data);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize the report model: " + e.getMessage(), e);
        }
        // inside <script type="application/json"> only "</script" and "<!--" matter; no '<' at all is simplest
        json = json.replace("<", "\\u003c");
        String title = "segpipe report · run " + data.run().runId()
                + (data.compareTo() == null ? "" : " vs " + data.compareTo().runId());
        Map<String, String> slots = Map.of(
                "TITLE", escapeHtml(title),
                "GENERATOR", escapeHtml(data.generator()),
                "CSS", resource("report.css"),
                "ECHARTS", script(resource("echarts/echarts.min.js"), "echarts.min.js"),
                "SCRIPT", script(resource("report.js"), "report.js"),
                "DATA", json);
        return fill(resource("report.html"), slots);
    }

    /** Fills every {@code {{NAME}}} of the template in one pass (inserted text is never scanned again). */
    static String fill(String template, Map<String, String> slots) {
        Matcher m = SLOT.matcher(template);
        StringBuilder out = new StringBuilder(template.length() + slots.values().stream().mapToInt(String::length).sum());
        int at = 0;
        while (m.find()) {
            String value = slots.get(m.group(1));
            if (value == null) {
                throw new IllegalStateException("report template has an unknown slot " + m.group());
            }
            out.append(template, at, m.start()).append(value);
            at = m.end();
        }
        return out.append(template, at, template.length()).toString();
    }

    /** A script to inline: it must not close its own element early. */
    static String script(String source, String name) {
        if (source.toLowerCase(java.util.Locale.ROOT).contains("</script")) {
            throw new IllegalStateException(name + " contains '</script' and cannot be inlined");
        }
        return source;
    }

    static String escapeHtml(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    static String resource(String name) {
        try (InputStream in = ReportPage.class.getResourceAsStream(BASE + name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + BASE + name + " (is the seg-core jar complete?)");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read resource " + BASE + name, e);
        }
    }
}
