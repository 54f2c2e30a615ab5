/**
 * Benchmarks behind {@code scripts/seg bench}: a small wall-clock harness
 * ({@link org.segpipe.core.bench.Throughput}) the PNG decode benchmark
 * ({@link org.segpipe.core.bench.PngBenchmark}) with ImageIO as its in-run baseline, and the
 * augmentation benchmark ({@link org.segpipe.core.bench.AugmentBenchmark}) with PNG decoding and
 * per-step resampling as its in-run baselines.
 */
package org.segpipe.core.bench;
