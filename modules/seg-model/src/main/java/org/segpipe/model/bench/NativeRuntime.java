package org.segpipe.model.bench;

import java.util.Map;
import org.bytedeco.javacpp.Loader;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOpsHolder;

/**
 * The native side of ND4J: which libnd4j build is loaded (the {@code -onednn} builds carry oneDNN
 * platform implementations of conv2d, batchnorm, pooling and friends), whether oneDNN is switched on,
 * and the number of native threads (OpenMP for libnd4j, OpenBLAS for GEMM).
 */
public final class NativeRuntime {

    private NativeRuntime() {
    }

    /** Native threads for libnd4j and BLAS; 0 leaves ND4J's default (one per core). */
    public static void setThreads(int threads) {
        if (threads <= 0) {
            return;
        }
        Nd4j.create(1); // loads the backend before its native handles are used
        NativeOpsHolder.getInstance().getDeviceNativeOps().setOmpNumThreads(threads);
        Nd4j.factory().blas().setMaxThreads(threads);
    }

    public static int threads() {
        Nd4j.create(1);
        return NativeOpsHolder.getInstance().getDeviceNativeOps().ompGetMaxThreads();
    }

    /** The file of the loaded libnd4j, e.g. {@code .../linux-x86_64-onednn-avx512/libnd4jcpu.so}. */
    public static String library() {
        Nd4j.create(1);
        for (Map.Entry<String, String> e : Loader.getLoadedLibraries().entrySet()) {
            if (e.getKey().equals("nd4jcpu") || e.getKey().startsWith("nd4jcuda")) {
                return e.getValue();
            }
        }
        return "unknown";
    }

    /** Whether libnd4j will use its oneDNN implementations (false on builds without them). */
    public static boolean oneDnnEnabled() {
        try {
            Class<?> env = Class.forName("org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu$Environment");
            Object instance = env.getMethod("getInstance").invoke(null);
            return (Boolean) env.getMethod("isUseONEDNN").invoke(instance)
                    && Nd4j.getExecutioner().getEnvironmentInformation().toString().contains("CPU")
                    && library().contains("onednn");
        } catch (ReflectiveOperationException | RuntimeException e) {
            return false;
        }
    }

    /** One line for logs: build, oneDNN, threads. */
    public static String describe() {
        String lib = library();
        int slash = lib.lastIndexOf('/');
        String build = slash > 0 ? lib.substring(lib.lastIndexOf('/', slash - 1) + 1, slash) : lib;
        return "nd4j build " + build + ", oneDNN " + (oneDnnEnabled() ? "on" : "off") + ", native threads " + threads();
    }
}
