package org.segpipe.jobs;

import java.nio.file.Path;
import java.util.List;
import org.segpipe.core.inspect.DatasetInspector;
import org.segpipe.core.inspect.InspectionPrinter;
import org.segpipe.core.inspect.InspectionReport;

/** {@code seg inspect DIR}: summarises and validates a Cityscapes tree; exit 1 on problems. */
public final class InspectCommand implements Command {

    @Override
    public String name() {
        return "inspect";
    }

    @Override
    public String summary() {
        return "Summarise a Cityscapes tree and report every problem; exit code 1 if any.";
    }

    @Override
    public String usage() {
        return "DIR [--threads N]";
    }

    @Override
    public List<CliOption> options() {
        return List.of(CliOption.key("threads", "run.threads", "N", "worker threads, 0 = one per core (default 0)"));
    }

    @Override
    public int run(Invocation inv) {
        if (inv.positional().size() != 1) {
            throw new UsageException("expected one folder to inspect, found " + inv.positional().size() + " arguments");
        }
        int threads = inv.settings().integerAtLeast("run.threads", 0);
        InspectionReport report = DatasetInspector.inspect(Path.of(inv.positional().get(0)),
                threads == 0 ? Runtime.getRuntime().availableProcessors() : threads);
        InspectionPrinter.print(report, inv.out());
        return report.ok() ? ExitCodes.OK : ExitCodes.PROBLEMS_FOUND;
    }
}
