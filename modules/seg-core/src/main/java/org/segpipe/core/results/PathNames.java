package org.segpipe.core.results;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Path arithmetic on file names and URIs as strings ({@code /a/b}, {@code file:/a/b},
 * {@code s3a://bucket/a/b}), without touching a file system: parent folder, joining a relative
 * path, normalising {@code .} and {@code ..}, and containment.
 */
public final class PathNames {

    private PathNames() {
    }

    /** Splits into the scheme-and-authority prefix and the path (which starts with '/' when absolute). */
    private static String[] split(String uri) {
        int scheme = uri.indexOf(':');
        int slash = uri.indexOf('/');
        if (scheme > 0 && (slash < 0 || scheme < slash)) {
            String rest = uri.substring(scheme + 1);
            if (rest.startsWith("//")) {
                int end = rest.indexOf('/', 2);
                if (end < 0) {
                    return new String[] {uri, "/"};
                }
                return new String[] {uri.substring(0, scheme + 1) + rest.substring(0, end), rest.substring(end)};
            }
            return new String[] {uri.substring(0, scheme + 1), rest};
        }
        return new String[] {"", uri};
    }

    /** True for paths a results file may not use: absolute paths and URIs. */
    public static boolean isAbsolute(String path) {
        if (path.startsWith("/") || path.startsWith("\\")) {
            return true;
        }
        int colon = path.indexOf(':');
        int slash = path.indexOf('/');
        return colon > 0 && (slash < 0 || colon < slash);
    }

    /** The folder holding a file. */
    public static String parent(String uri) {
        String[] p = split(uri);
        int i = p[1].lastIndexOf('/');
        return p[0] + (i <= 0 ? "/" : p[1].substring(0, i));
    }

    /** Collapses duplicate slashes, {@code .} and {@code ..}; null when {@code ..} climbs above the root. */
    public static String normalize(String uri) {
        String[] p = split(uri);
        Deque<String> parts = new ArrayDeque<>();
        for (String s : p[1].split("/")) {
            if (s.isEmpty() || s.equals(".")) {
                continue;
            }
            if (s.equals("..")) {
                if (parts.isEmpty()) {
                    return null;
                }
                parts.removeLast();
            } else {
                parts.addLast(s);
            }
        }
        return p[0] + "/" + String.join("/", parts);
    }

    /**
     * Resolves {@code relative} against {@code folder} and checks that the result stays inside
     * {@code root}.
     *
     * @return the resolved path
     * @throws IllegalArgumentException with the reason when the path is absolute or leaves the root
     */
    public static String resolveInside(String folder, String relative, String root) {
        if (isAbsolute(relative)) {
            throw new IllegalArgumentException("mask path '" + relative + "' is absolute; expected a path relative to "
                    + "the text file, inside the results folder " + root);
        }
        String resolved = normalize(folder + "/" + relative);
        String normRoot = normalize(root);
        if (resolved == null || normRoot == null || !(resolved + "/").startsWith(normRoot.endsWith("/") ? normRoot : normRoot + "/")) {
            throw new IllegalArgumentException("mask path '" + relative + "' points outside the results folder " + root);
        }
        return resolved;
    }

    /** The last path segment. */
    public static String fileName(String uri) {
        int i = uri.lastIndexOf('/');
        return i < 0 ? uri : uri.substring(i + 1);
    }
}
