package org.segpipe.spark.gpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.segpipe.testkit.LocalSpark;

/** The binding's records and messages; the cluster with fake GPUs is exercised by DistributedTrainIT. */
class GpuBindingTest {

    @Test
    void onTheDriverNothingIsBound() {
        GpuBinding.Bound b = GpuBinding.bind();
        assertEquals(-1, b.stage());
        assertEquals(-1, b.partition());
        assertEquals("", b.address());
        assertEquals(-1, b.device());
        assertEquals("cpu", b.backend());
    }

    @Test
    void insideLocalTasksWithoutGpusTheCpuBackendIsRecorded() {
        List<GpuBinding.Bound> bound = LocalSpark.get().range(0, 4, 1, 2).javaRDD()
                .mapPartitions(it -> List.of(GpuBinding.bind()).iterator()).collect();
        assertEquals(2, bound.size());
        for (GpuBinding.Bound b : bound) {
            assertEquals("", b.address(), b.toString());
            assertEquals("cpu", b.backend(), b.toString());
            assertEquals(-1, b.device(), b.toString());
        }
        assertEquals(List.of(0, 1), bound.stream().map(GpuBinding.Bound::partition).sorted().toList());
    }

    @Test
    void summaryHasOneLinePerExecutor() {
        List<GpuBinding.Bound> bound = List.of(
                new GpuBinding.Bound("1", 3, 0, "0", "cuda", 0),
                new GpuBinding.Bound("2", 3, 1, "1", "cuda", 1),
                new GpuBinding.Bound("1", 4, 0, "0", "cuda", 0));
        assertEquals("executor 1 -> gpu [0] (2 tasks, cuda)\nexecutor 2 -> gpu [1] (1 tasks, cuda)", GpuBinding.summary(bound));
        assertEquals("executor 2 stage 3 partition 1: gpu 1 -> cuda device 1", bound.get(1).toString());
    }

    @Test
    void addressesMustBeDeviceIndices() {
        assertEquals(3, GpuBinding.deviceIndex("3"));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> GpuBinding.deviceIndex("GPU-8f3a"));
        assertEquals("GPU address 'GPU-8f3a' is not a device index (expected 0, 1, ...); the discovery script must report nvidia-smi indices",
                e.getMessage());
    }
}
