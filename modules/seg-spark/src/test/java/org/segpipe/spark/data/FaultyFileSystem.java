package org.segpipe.spark.data;

import java.io.IOException;
import java.net.URI;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.spark.sql.SparkSession;

/**
 * The local file system under the scheme {@code faulty://}, where opening a file whose name is
 * listed in the Hadoop setting {@value #UNREADABLE} fails with an IOException, as a flaky disk or a
 * denied S3 object would; listing still shows it. Lets tests exercise the read-failure paths of
 * real jobs.
 */
public final class FaultyFileSystem extends RawLocalFileSystem {

    public static final String SCHEME = "faulty";
    public static final String UNREADABLE = "fs.faulty.unreadable";

    /** Registers the scheme with the session's Hadoop configuration; opening {@code fileNames} fails. */
    public static void register(SparkSession spark, String... fileNames) {
        var conf = spark.sparkContext().hadoopConfiguration();
        conf.set("fs." + SCHEME + ".impl", FaultyFileSystem.class.getName());
        conf.setBoolean("fs." + SCHEME + ".impl.disable.cache", true);
        conf.set(UNREADABLE, String.join(",", fileNames));
    }

    /** The {@code faulty:} URI of a local path. */
    public static String uri(java.nio.file.Path path) {
        return SCHEME + "://" + path.toAbsolutePath();
    }

    @Override
    public URI getUri() {
        return URI.create(SCHEME + ":///");
    }

    @Override
    public FSDataInputStream open(Path f, int bufferSize) throws IOException {
        if (getConf().getTrimmedStringCollection(UNREADABLE).contains(f.getName())) {
            throw new IOException("injected read failure for " + f.getName());
        }
        return super.open(f, bufferSize);
    }
}
