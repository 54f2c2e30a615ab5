package org.segpipe.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsResolverTest {

    @Test
    void commandLineBeatsFileBeatsDefaults(@TempDir Path dir) throws IOException {
        Path conf = dir.resolve("a.conf");
        Files.writeString(conf, """
                # a comment
                generate.height = 64   # trailing comment
                generate.width = 128
                spark.executor.memory = 2g
                """);
        Settings s = SettingsResolver.resolve(conf, List.of("generate.width=256", "generate.width=512"));
        assertEquals(64, s.integer("generate.height"), "file beats default");
        assertEquals(512, s.integer("generate.width"), "command line beats file; later wins");
        assertEquals(42, s.longValue("run.seed"), "default");
        assertEquals("2g", s.string("spark.executor.memory"), "spark keys pass through");
    }

    @Test
    void unknownKeysNameTheFileLineAndNearestKey(@TempDir Path dir) throws IOException {
        Path conf = dir.resolve("b.conf");
        Files.writeString(conf, "run.seed = 1\ngenerate.heigth = 3\n");
        var e = assertThrows(ConfigException.class, () -> SettingsResolver.resolve(conf, List.of()));
        assertEquals(conf + ":2: unknown key 'generate.heigth' (did you mean 'generate.height'?); "
                + "conf/README.md lists every key", e.getMessage());
        var cli = assertThrows(ConfigException.class, () -> SettingsResolver.resolve(null, List.of("nothing.like.it=1")));
        assertTrue(cli.getMessage().startsWith("--set nothing.like.it=1: unknown key 'nothing.like.it';"), cli.getMessage());
    }

    @Test
    void malformedLinesAndMissingFilesAreClear(@TempDir Path dir) throws IOException {
        Path conf = dir.resolve("c.conf");
        Files.writeString(conf, "run.seed 1\n");
        var e = assertThrows(ConfigException.class, () -> SettingsResolver.resolve(conf, List.of()));
        assertEquals(conf + ":1: expected 'key = value', found 'run.seed 1'", e.getMessage());
        var missing = assertThrows(ConfigException.class, () -> SettingsResolver.resolve(dir.resolve("none.conf"), List.of()));
        assertTrue(missing.getMessage().contains("none.conf does not exist"));
        Files.writeString(conf, "run.seed = 1\nrun.seed = 2\n");
        assertThrows(ConfigException.class, () -> SettingsResolver.resolve(conf, List.of()));
        assertThrows(ConfigException.class, () -> SettingsResolver.resolve(null, List.of("no-equals")));
    }

    @Test
    void typedAccessNamesKeyValueAndRule() {
        Settings s = Settings.of(Map.of("a.b", "x", "a.c", "-1", "a.d", "maybe"));
        assertEquals("'a.b' is 'x' but must be an integer", assertThrows(ConfigException.class, () -> s.integer("a.b")).getMessage());
        assertEquals("'a.c' is -1 but must be at least 0",
                assertThrows(ConfigException.class, () -> s.integerAtLeast("a.c", 0)).getMessage());
        assertEquals("'a.d' is 'maybe' but must be true or false",
                assertThrows(ConfigException.class, () -> s.bool("a.d")).getMessage());
        assertEquals("'a.e' is not set but is required", assertThrows(ConfigException.class, () -> s.string("a.e")).getMessage());
    }

    @Test
    void hashDependsOnValuesNotOrder() {
        Settings a = Settings.of(Map.of("x.a", "1", "x.b", "2"));
        Settings b = Settings.of(new java.util.LinkedHashMap<>(Map.of("x.b", "2", "x.a", "1")));
        assertEquals(a.hash(), b.hash());
        assertNotEquals(a.hash(), Settings.of(Map.of("x.a", "1", "x.b", "3")).hash());
    }

    /** conf/README.md documents every key with its default. */
    @Test
    void everyKeyIsDocumented() throws IOException {
        Path readme = Path.of("../../conf/README.md");
        String doc = Files.readString(readme);
        for (ConfigKey k : ConfigKeys.all()) {
            String row = doc.lines().filter(l -> l.startsWith("| `" + k.name() + "` |")).findFirst()
                    .orElseThrow(() -> new AssertionError("conf/README.md has no row for " + k.name()));
            if (k.defaultValue() != null && !k.defaultValue().isEmpty()) {
                assertTrue(row.contains("`" + k.defaultValue() + "`"), "default of " + k.name() + " in: " + row);
            }
        }
    }

    @Test
    void secretsAreMaskedWhereverSettingsAreShown() {
        Settings s = Settings.of(Map.of("spark-hadoop.fs.s3a.secret.key", "s3cr3t", "spark-hadoop.fs.s3a.access.key", "AKIA1",
                "spark-hadoop.fs.s3a.session.token", "T0K9", "x.password", "pw77", "train.epochs", "3"));
        Map<String, String> r = s.redacted();
        assertEquals("***", r.get("spark-hadoop.fs.s3a.secret.key"));
        assertEquals("***", r.get("spark-hadoop.fs.s3a.access.key"));
        assertEquals("***", r.get("spark-hadoop.fs.s3a.session.token"));
        assertEquals("***", r.get("x.password"));
        assertEquals("3", r.get("train.epochs"));
        for (String secret : List.of("s3cr3t", "AKIA1", "T0K9", "pw77")) {
            assertTrue(!s.toString().contains(secret), "toString hides " + secret + ": " + s);
        }
        // the hash still covers the real values, so runs with different credentials differ in it
        assertNotEquals(s.hash(), Settings.of(Map.of("spark-hadoop.fs.s3a.secret.key", "other", "spark-hadoop.fs.s3a.access.key",
                "AKIA1", "spark-hadoop.fs.s3a.session.token", "T0K9", "x.password", "pw77", "train.epochs", "3")).hash());
    }

    /** The example configs in conf/ hold only known keys (unknown ones fail with file and line). */
    @Test
    void exampleConfigsParse() throws IOException {
        try (var files = Files.list(Path.of("../../conf"))) {
            List<Path> confs = files.filter(p -> p.toString().endsWith(".conf")).sorted().toList();
            assertTrue(confs.size() >= 5, confs.toString());
            for (Path f : confs) {
                assertTrue(!SettingsResolver.readFile(f).isEmpty(), f.toString());
            }
        }
        Path demo = Path.of("../../jobs/src/main/resources/org/segpipe/jobs/demo.conf");
        assertTrue(SettingsResolver.readFile(demo).containsKey("pipeline.root"));
    }
}
