package org.segpipe.core.provenance;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * The version of the code that produced an artifact: the project version and the git commit it
 * was built from (with {@code -dirty} when the working tree had changes), read from resources
 * written at build time.
 */
public final class CodeVersion {

    private static final String VALUE = load();

    private CodeVersion() {
    }

    /** For example {@code 0.1.0-SNAPSHOT+3f2a9c1} or {@code 0.1.0-SNAPSHOT+3f2a9c1-dirty}. */
    public static String get() {
        return VALUE;
    }

    private static String load() {
        Properties version = read("version.properties");
        Properties git = read("git.properties");
        String v = version.getProperty("version", "unknown");
        String commit = git.getProperty("git.commit.id.abbrev");
        if (commit == null || commit.isBlank()) {
            return v + "+nogit";
        }
        return v + "+" + commit + ("true".equals(git.getProperty("git.dirty")) ? "-dirty" : "");
    }

    private static Properties read(String name) {
        Properties p = new Properties();
        try (InputStream in = CodeVersion.class.getResourceAsStream("/org/segpipe/core/" + name)) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            // A missing or unreadable build stamp leaves the version "unknown"; never fatal.
        }
        return p;
    }
}
