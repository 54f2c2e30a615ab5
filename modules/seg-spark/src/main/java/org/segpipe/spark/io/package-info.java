/** Whole-file reads and writes on any Hadoop file system, atomic where readers must never see half a file. */
package org.segpipe.spark.io;
