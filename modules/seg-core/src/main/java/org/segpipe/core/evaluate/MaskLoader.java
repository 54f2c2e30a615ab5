package org.segpipe.core.evaluate;

import java.io.IOException;

/** Reads the bytes of an instance mask named in a results file (local disk, HDFS, S3...). */
@FunctionalInterface
public interface MaskLoader {
    byte[] load(String path) throws IOException;
}
