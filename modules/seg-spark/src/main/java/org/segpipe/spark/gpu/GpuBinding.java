package org.segpipe.spark.gpu;

import java.io.Serializable;
import org.apache.spark.SparkEnv;
import org.apache.spark.TaskContext;
import org.apache.spark.resource.ResourceInformation;
import org.nd4j.linalg.factory.Nd4j;
import scala.Option;

/**
 * Binds the current task's thread to the GPU Spark assigned to the task
 * ({@code spark.task.resource.gpu.amount}), so two tasks never share a device by accident. Call it
 * first thing inside a task, before any ND4J array exists in that task: on the CUDA backend ND4J
 * attaches a thread to a device on first use, and {@code unsafeSetDevice} moves the thread (not its
 * arrays). On the CPU backend, or when Spark assigned no GPU, nothing changes and the binding is
 * still recorded, so callers can report which address every task saw.
 */
public final class GpuBinding {

    /** The resource name Spark's GPU scheduling uses. */
    public static final String RESOURCE = "gpu";

    /**
     * What one task bound.
     *
     * @param executorId Spark's executor id ({@code driver} in local mode)
     * @param stage      stage id of the task
     * @param partition  partition the task computed
     * @param address    the GPU address Spark assigned, or empty for none
     * @param backend    {@code cuda} or {@code cpu}
     * @param device     the ND4J device the thread now uses; -1 when nothing was bound (CPU or no GPU)
     */
    public record Bound(String executorId, int stage, int partition, String address, String backend, int device)
            implements Serializable {

        /** One line for logs and the training output: {@code executor 1 stage 3 partition 0: gpu 2 -> cuda device 2}. */
        @Override
        public String toString() {
            return "executor " + executorId + " stage " + stage + " partition " + partition + ": gpu "
                    + (address.isEmpty() ? "(none)" : address) + " -> " + backend
                    + (device >= 0 ? " device " + device : " (not bound)");
        }
    }

    private GpuBinding() {
    }

    /**
     * Binds this task's thread to its assigned GPU, if any. Outside a task (on the driver) it binds
     * nothing and returns a record with executor {@code driver} and stage/partition -1.
     *
     * @throws IllegalStateException when Spark assigned more than one GPU to the task, or an address
     *                               that is not a device index of this machine
     */
    public static Bound bind() {
        TaskContext task = TaskContext.get();
        String executor = SparkEnv.get() != null ? SparkEnv.get().executorId() : "driver";
        if (task == null) {
            return new Bound(executor, -1, -1, "", backend(), -1);
        }
        String address = address(task);
        String backend = backend();
        int device = -1;
        if (!address.isEmpty() && backend.equals("cuda")) {
            device = deviceIndex(address);
            int devices = Nd4j.getAffinityManager().getNumberOfDevices();
            if (device >= devices) {
                throw new IllegalStateException("Spark assigned GPU address " + address + " to task " + task.taskAttemptId()
                        + " but ND4J sees only " + devices + " device(s) on executor " + executor
                        + "; check the GPU discovery script (spark.worker.resource.gpu.discoveryScript)");
            }
            Nd4j.getAffinityManager().unsafeSetDevice(device);
        }
        return new Bound(executor, task.stageId(), task.partitionId(), address, backend, device);
    }

    /**
     * One line per executor: the GPU addresses its tasks bound and how many tasks, e.g.
     * {@code executor 1 -> gpu [0] (6 tasks, cuda)}; {@code gpu []} when Spark assigned none.
     */
    public static String summary(java.util.Collection<Bound> bindings) {
        java.util.Map<String, java.util.List<Bound>> byExecutor = new java.util.TreeMap<>();
        for (Bound b : bindings) {
            byExecutor.computeIfAbsent(b.executorId(), k -> new java.util.ArrayList<>()).add(b);
        }
        StringBuilder sb = new StringBuilder();
        byExecutor.forEach((executor, list) -> sb.append(sb.length() == 0 ? "" : "\n").append("executor ").append(executor)
                .append(" -> gpu ").append(list.stream().map(Bound::address).filter(a -> !a.isEmpty()).distinct().sorted().toList())
                .append(" (").append(list.size()).append(" tasks, ").append(list.get(0).backend()).append(')'));
        return sb.toString();
    }

    /** Binds this task (see {@link #bind()}) and returns {@code it} unchanged: the first thing a partition function does. */
    public static <T> java.util.Iterator<T> bound(java.util.Iterator<T> it) {
        bind();
        return it;
    }

    /** The single GPU address Spark assigned to {@code task}, or empty when it assigned none. */
    static String address(TaskContext task) {
        Option<ResourceInformation> gpu = task.resources().get(RESOURCE);
        if (gpu.isEmpty() || gpu.get().addresses().length == 0) {
            return "";
        }
        String[] addresses = gpu.get().addresses();
        if (addresses.length > 1) {
            throw new IllegalStateException("task " + task.taskAttemptId() + " was assigned " + addresses.length + " GPUs "
                    + String.join(",", addresses) + " but one task trains or predicts on one GPU; set spark.task.resource.gpu.amount=1");
        }
        return addresses[0];
    }

    /** A GPU address as an ND4J device index: discovery scripts report {@code nvidia-smi} indices. */
    static int deviceIndex(String address) {
        try {
            return Integer.parseInt(address.trim());
        } catch (NumberFormatException e) {
            throw new IllegalStateException("GPU address '" + address + "' is not a device index (expected 0, 1, ...); "
                    + "the discovery script must report nvidia-smi indices", e);
        }
    }

    /** {@code cuda} when ND4J runs on its CUDA backend, else {@code cpu}. */
    static String backend() {
        String name = Nd4j.getBackend().getClass().getName();
        return name.toLowerCase(java.util.Locale.ROOT).contains("jcublas") || name.toLowerCase(java.util.Locale.ROOT).contains("cuda")
                ? "cuda" : "cpu";
    }
}
