package org.segpipe.spark.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.segpipe.spark.data.CityscapesTreeSource;

/** Small whole-file operations on any Hadoop file system ({@code file://}, {@code s3a://}, {@code hdfs://}). */
public final class HadoopFiles {

    private HadoopFiles() {
    }

    /**
     * Writes a file so that readers see either nothing or the whole file: bytes go to a hidden
     * temporary name in the same folder, which is then renamed over the target.
     */
    public static void writeAtomically(String uri, byte[] bytes, Configuration conf) {
        Path target = new Path(uri);
        try {
            FileSystem fs = raw(target.getFileSystem(conf));
            Path tmp = new Path(target.getParent(), "." + target.getName() + "." + UUID.randomUUID() + ".tmp");
            try (FSDataOutputStream out = fs.create(tmp, true)) {
                out.write(bytes);
            }
            if (fs.exists(target)) {
                fs.delete(target, false);
            }
            if (!fs.rename(tmp, target)) {
                fs.delete(tmp, false);
                throw new IOException("rename of " + tmp + " to " + target + " failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + uri + ": " + e.getMessage(), e);
        }
    }

    /** Writes a file directly (for outputs written once per task attempt, where a retry rewrites it whole). */
    public static void write(String uri, byte[] bytes, Configuration conf) {
        Path p = new Path(uri);
        try {
            FileSystem fs = raw(p.getFileSystem(conf));
            try (FSDataOutputStream out = fs.create(p, true)) {
                out.write(bytes);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + uri + ": " + e.getMessage(), e);
        }
    }

    /**
     * The file system itself rather than its checksumming wrapper (the local file system writes a
     * hidden {@code .crc} file next to every file, clutter in a results folder others walk).
     */
    private static FileSystem raw(FileSystem fs) {
        return fs instanceof org.apache.hadoop.fs.ChecksumFileSystem c ? c.getRawFileSystem() : fs;
    }

    public static byte[] read(String uri, Configuration conf) {
        try {
            return CityscapesTreeSource.readFile(uri, conf);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + uri + ": " + e.getMessage(), e);
        }
    }

    public static boolean exists(String uri, Configuration conf) {
        Path p = new Path(uri);
        try {
            return p.getFileSystem(conf).exists(p);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open " + uri + ": " + e.getMessage(), e);
        }
    }

    /** Names of the plain files directly in a folder (empty when it does not exist). */
    public static List<String> list(String folderUri, Configuration conf) {
        Path p = new Path(folderUri);
        List<String> out = new ArrayList<>();
        try {
            FileSystem fs = p.getFileSystem(conf);
            if (!fs.exists(p)) {
                return out;
            }
            for (FileStatus st : fs.listStatus(p)) {
                if (st.isFile()) {
                    out.add(st.getPath().getName());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + folderUri + ": " + e.getMessage(), e);
        }
        return out;
    }

    public static void delete(String uri, Configuration conf) {
        Path p = new Path(uri);
        try {
            p.getFileSystem(conf).delete(p, false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + uri + ": " + e.getMessage(), e);
        }
    }

    /** {@code base/child}, without doubling slashes. */
    public static String child(String base, String child) {
        return new Path(new Path(base), child).toString();
    }
}
