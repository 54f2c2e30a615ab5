package org.segpipe.core.report;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Run-to-run differences of {@code class_metrics} numbers: this run minus the compared one. */
public final class Deltas {

    private Deltas() {
    }

    /**
     * One delta per (protocol, scope, name, metric) that both runs have a value for, in the order of
     * {@code current}; numbers only one run has, or that are null in either, are left out.
     */
    public static List<ReportData.Delta> of(List<ReportData.Metric> current, List<ReportData.Metric> previous) {
        Map<String, Double> before = new HashMap<>();
        for (ReportData.Metric m : previous) {
            if (m.value() != null) {
                before.put(key(m), m.value());
            }
        }
        List<ReportData.Delta> out = new ArrayList<>();
        for (ReportData.Metric m : current) {
            Double p = before.get(key(m));
            if (m.value() != null && p != null) {
                out.add(new ReportData.Delta(m.protocol(), m.scope(), m.name(), m.labelId(), m.metric(), m.value(), p,
                        m.value() - p));
            }
        }
        return out;
    }

    private static String key(ReportData.Metric m) {
        return m.protocol() + '\u0000' + m.scope() + '\u0000' + m.name() + '\u0000' + m.metric();
    }
}
