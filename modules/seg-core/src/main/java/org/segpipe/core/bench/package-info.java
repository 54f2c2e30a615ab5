/**
 * Benchmarks behind {@code scripts/seg bench}: a small wall-clock harness
 * ({@link org.segpipe.core.bench.Throughput}) and the PNG decode benchmark
 * ({@link org.segpipe.core.bench.PngBenchmark}) with ImageIO as its in-run baseline.
 */
package org.segpipe.core.bench;
