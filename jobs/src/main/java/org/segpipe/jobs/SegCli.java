package org.segpipe.jobs;

import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.segpipe.core.config.ConfigException;
import org.segpipe.core.config.Settings;
import org.segpipe.core.config.SettingsResolver;
import org.segpipe.core.png.PngException;

/**
 * The front door behind {@code scripts/seg}: {@code seg <command> [--conf FILE] [--set key=value ...]
 * [options]}. Parses the command line, resolves settings once (see {@link SettingsResolver} for the
 * precedence), runs the command and maps failures to {@link ExitCodes}.
 */
public final class SegCli {

    private final Map<String, Command> commands = new LinkedHashMap<>();

    public SegCli(List<Command> commands) {
        for (Command c : commands) {
            this.commands.put(c.name(), c);
        }
    }

    /** The commands scripts/seg offers. */
    public static SegCli standard() {
        return new SegCli(List.of(new GenerateCommand(), new InspectCommand(), new BenchCommand(),
                new AugmentCommand(), new IngestCommand(), new SqlCommand(), new EvaluateCommand(), new ModelCommand(),
                new TrainCommand(), new PredictCommand(), new ReportCommand()));
    }

    public static void main(String[] args) {
        int code = standard().run(args, System.out, System.err);
        System.out.flush();
        System.exit(code);
    }

    public int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h") || args[0].equals("help")) {
            printHelp(out);
            return args.length == 0 ? ExitCodes.USAGE : ExitCodes.OK;
        }
        Command command = commands.get(args[0]);
        if (command == null) {
            err.println("seg: unknown command '" + args[0] + "'; commands are " + String.join(", ", commands.keySet())
                    + " (scripts/seg --help)");
            return ExitCodes.USAGE;
        }
        try {
            Invocation inv = parse(command, args, out, err);
            if (inv == null) {
                printHelp(command, out);
                return ExitCodes.OK;
            }
            return command.run(inv);
        } catch (UsageException | ConfigException e) {
            err.println("seg " + command.name() + ": " + e.getMessage());
            err.println("usage: scripts/seg " + command.name() + " " + command.usage() + "   (--help for more)");
            return ExitCodes.USAGE;
        } catch (PngException | UncheckedIOException | IllegalArgumentException e) {
            err.println("seg " + command.name() + ": " + e.getMessage());
            return ExitCodes.FAILED;
        } catch (Exception e) {
            err.println("seg " + command.name() + " failed: " + e);
            e.printStackTrace(err);
            return ExitCodes.FAILED;
        }
    }

    /** Returns null when help was asked for. */
    static Invocation parse(Command command, String[] args, PrintStream out, PrintStream err) {
        Path conf = null;
        List<String> overrides = new ArrayList<>();
        List<String> positional = new ArrayList<>();
        Map<String, String> local = new LinkedHashMap<>();
        Map<String, CliOption> byName = new LinkedHashMap<>();
        for (CliOption o : command.options()) {
            byName.put(o.name(), o);
        }
        for (int i = 1; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--help") || a.equals("-h")) {
                return null;
            }
            if (!a.startsWith("--")) {
                positional.add(a);
                continue;
            }
            String name = a.substring(2);
            String inlineValue = null;
            int eq = name.indexOf('=');
            if (eq > 0 && !name.startsWith("set")) {
                inlineValue = name.substring(eq + 1);
                name = name.substring(0, eq);
            }
            if (name.equals("conf")) {
                conf = Path.of(value(args, ++i, "--conf", "FILE"));
            } else if (name.equals("set")) {
                overrides.add(value(args, ++i, "--set", "key=value"));
            } else if (name.startsWith("set=")) {
                overrides.add(name.substring(4));
            } else {
                CliOption o = byName.get(name);
                if (o == null) {
                    throw new UsageException("unknown option '--" + name + "'; options are "
                            + String.join(", ", byName.keySet().stream().map(n -> "--" + n).toList()) + ", --conf, --set");
                }
                String v = o.isFlag() ? "true" : inlineValue != null ? inlineValue : value(args, ++i, "--" + name, o.argName());
                if (o.key() != null) {
                    overrides.add(o.key() + "=" + v);
                } else {
                    local.merge(o.name(), v, (was, now) -> was + "\n" + now); // repeatable; see Invocation.all
                }
            }
        }
        Settings settings = SettingsResolver.resolve(conf, overrides);
        return new Invocation(settings, positional, local, out, err);
    }

    private static String value(String[] args, int i, String option, String argName) {
        if (i >= args.length) {
            throw new UsageException(option + " needs a value (" + argName + ")");
        }
        return args[i];
    }

    public void printHelp(PrintStream out) {
        out.println("usage: scripts/seg <command> [--conf FILE] [--set key=value ...] [options]");
        out.println();
        out.println("commands:");
        for (Command c : commands.values()) {
            out.printf("  %-10s %s%n", c.name(), c.summary());
        }
        out.println();
        out.println("Settings come from --set and command options (highest), then --conf FILE, then defaults;");
        out.println("conf/README.md lists every key. 'scripts/seg <command> --help' shows a command's options.");
    }

    static void printHelp(Command c, PrintStream out) {
        out.println("usage: scripts/seg " + c.name() + " " + c.usage());
        out.println();
        out.println(c.summary());
        out.println();
        out.println("options:");
        for (CliOption o : c.options()) {
            String left = "--" + o.name() + (o.isFlag() ? "" : " " + o.argName());
            out.printf("  %-22s %s%s%n", left, o.help(), o.key() == null ? "" : " [" + o.key() + "]");
        }
        out.printf("  %-22s %s%n", "--conf FILE", "read settings from a key = value file");
        out.printf("  %-22s %s%n", "--set key=value", "set any key (repeatable); see conf/README.md");
    }
}
