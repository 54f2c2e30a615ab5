package org.segpipe.jobs;

import java.util.List;
import org.segpipe.core.generate.DatasetGenerator;
import org.segpipe.core.generate.GenerateConfig;
import org.segpipe.core.generate.saliency.SaliencyDatasetGenerator;

/** {@code seg generate}: writes a synthetic dataset in the Cityscapes layout. */
public final class GenerateCommand implements Command {

    @Override
    public String name() {
        return "generate";
    }

    @Override
    public String summary() {
        return "Write a synthetic dataset in the exact Cityscapes layout and encoding.";
    }

    @Override
    public String usage() {
        return "--out DIR [--images N] [--height H] [--width W] [--seed S] [--splits train,val] [--cities a,b] [--task saliency]";
    }

    @Override
    public List<CliOption> options() {
        return List.of(
                CliOption.key("out", "generate.out", "DIR", "folder to write the dataset to"),
                CliOption.key("images", "generate.images", "N", "frames in all, or per split as train=200,val=50 (default 6)"),
                CliOption.key("height", "generate.height", "H", "image height in px (default 1024)"),
                CliOption.key("width", "generate.width", "W", "image width in px (default 2048)"),
                CliOption.key("seed", "run.seed", "S", "random seed; same seed, same bytes (default 42)"),
                CliOption.key("splits", "generate.splits", "LIST", "splits to write (default train,val)"),
                CliOption.key("cities", "generate.cities", "LIST", "city names to use (default: real ones per split)"),
                CliOption.key("threads", "run.threads", "N", "worker threads, 0 = one per core (default 0)"),
                CliOption.key("task", "generate.task", "TASK", "cityscapes (default) or saliency: images/ and masks/ per split"));
    }

    @Override
    public int run(Invocation inv) {
        if (!inv.positional().isEmpty()) {
            throw new UsageException("unexpected argument '" + inv.positional().get(0) + "'");
        }
        GenerateConfig config = GenerateConfig.from(inv.settings());
        String task = inv.settings().find("generate.task").orElse("cityscapes").trim();
        if (task.equals("saliency")) {
            long start = System.nanoTime();
            SaliencyDatasetGenerator.Result r = SaliencyDatasetGenerator.run(config);
            inv.out().printf("generated %d saliency images (%d files, %.1f MB) of %dx%d in %s in %.1f s%n", r.images(),
                    r.files(), r.bytes() / 1e6, config.width(), config.height(), r.root(), (System.nanoTime() - start) / 1e9);
            return ExitCodes.OK;
        }
        if (!task.equals("cityscapes")) {
            throw new UsageException("'generate.task' is '" + task + "' but must be cityscapes or saliency");
        }
        long start = System.nanoTime();
        DatasetGenerator.Result r = DatasetGenerator.run(config);
        double seconds = (System.nanoTime() - start) / 1e9;
        inv.out().printf("generated %d frames (%d files, %.1f MB) of %dx%d in %s in %.1f s%n", r.images(), r.files(),
                r.bytes() / 1e6, config.width(), config.height(), r.root(), seconds);
        return ExitCodes.OK;
    }
}
