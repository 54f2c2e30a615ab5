/**
 * The model benchmark (fast layers against DL4J's built-in layers in the same run) and the native
 * runtime it reports (libnd4j build, oneDNN, threads).
 */
package org.segpipe.model.bench;
