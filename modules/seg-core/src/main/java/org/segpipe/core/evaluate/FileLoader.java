package org.segpipe.core.evaluate;

import java.io.IOException;

/** Reads the bytes of a prediction file or mask (local disk, HDFS, S3...). */
@FunctionalInterface
public interface FileLoader {
    byte[] load(String path) throws IOException;
}
