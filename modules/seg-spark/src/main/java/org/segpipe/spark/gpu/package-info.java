/** Binding each Spark task's ND4J work to the GPU address Spark's resource scheduling assigned to it. */
package org.segpipe.spark.gpu;
