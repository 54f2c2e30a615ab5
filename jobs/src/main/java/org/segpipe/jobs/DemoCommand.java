package org.segpipe.jobs;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.segpipe.core.config.ConfigKeys;
import org.segpipe.core.config.Settings;
import org.segpipe.core.config.SettingsResolver;
import org.segpipe.spark.pipeline.PipelineConfig;

/**
 * {@code seg demo}: the whole pipeline on a small generated dataset, on the embedded Spark, in a
 * few minutes on 2 cores. Its settings are {@code demo.conf} (next to this class); anything given
 * with {@code --conf} or {@code --set} that differs from the defaults wins over them.
 */
public final class DemoCommand implements Command {

    static final String DEMO_CONF = "demo.conf";

    @Override
    public String name() {
        return "demo";
    }

    @Override
    public String summary() {
        return "Generate a small dataset and run the whole pipeline on it; prints the HTML report's path.";
    }

    @Override
    public String usage() {
        return "[--root DIR] [--run-id ID]";
    }

    @Override
    public List<CliOption> options() {
        return List.of(
                CliOption.key("root", PipelineConfig.ROOT, "DIR", "where the demo writes (default ./segpipe-demo)"),
                CliOption.key("run-id", PipelineConfig.RUN_ID, "ID", "run id; the id of an unfinished demo run resumes it"));
    }

    @Override
    public int run(Invocation inv) {
        if (!inv.positional().isEmpty()) {
            throw new UsageException("unexpected argument '" + inv.positional().get(0) + "'");
        }
        Settings settings = settings(inv.settings());
        inv.out().println("seg demo: " + settings.find("generate.images").orElse("?") + " generated frames of "
                + settings.find("generate.width").orElse("?") + "x" + settings.find("generate.height").orElse("?")
                + " through ingest, augment, train, predict, evaluate and report");
        return PipelineCommand.runPipeline(settings, inv.out(), inv.err(), "seg demo");
    }

    /** Defaults, then demo.conf, then whatever the user set that differs from the defaults. */
    static Settings settings(Settings user) {
        Map<String, String> defaults = ConfigKeys.defaults();
        Map<String, String> m = new LinkedHashMap<>(defaults);
        m.putAll(demoConf());
        user.asMap().forEach((k, v) -> {
            if (!v.equals(defaults.get(k))) {
                m.put(k, v);
            }
        });
        return Settings.of(m);
    }

    static Map<String, String> demoConf() {
        try (InputStream in = DemoCommand.class.getResourceAsStream(DEMO_CONF)) {
            if (in == null) {
                throw new IllegalStateException(DEMO_CONF + " is missing from the jar");
            }
            return SettingsResolver.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList(), DEMO_CONF);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
