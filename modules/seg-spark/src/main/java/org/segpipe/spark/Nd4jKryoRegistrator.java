package org.segpipe.spark;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import com.esotericsoftware.kryo.serializers.JavaSerializer;
import org.apache.spark.serializer.KryoRegistrator;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Lets Spark's Kryo serializer carry ND4J arrays (dl4j-spark's broadcast parameters and the
 * workers' averaged results): an INDArray keeps its data off-heap, which Kryo's field serializer
 * silently loses, so arrays go through their own Java serialization (shape, type and data). Network
 * configurations (dl4j-spark broadcasts them as objects) go as their JSON, the format model.zip
 * uses: Kryo's field-by-field copy of a graph configuration loses vertex wiring (a worker's network
 * then fails with "expects activations [N, H, W, 16], found [2, 32, 32, 8]"). The
 * {@code nd4j-kryo} artifact that DL4J's message points to ships no registrator in 1.0.0-M2.
 * {@link SparkSessions} sets it as {@code spark.kryo.registrator}. It also registers
 * {@code GpuBinding.Bound} (a record, which Kryo 4's field serializer cannot handle).
 */
public final class Nd4jKryoRegistrator implements KryoRegistrator {

    @Override
    public void registerClasses(Kryo kryo) {
        kryo.addDefaultSerializer(INDArray.class, new JavaSerializer());
        kryo.register(ComputationGraphConfiguration.class, new GraphJson());
        // Kryo 4 cannot build a field serializer for a Java record; the binding records travel as Java objects
        kryo.register(org.segpipe.spark.gpu.GpuBinding.Bound.class, new JavaSerializer());
    }

    /** A graph configuration as its JSON. */
    static final class GraphJson extends Serializer<ComputationGraphConfiguration> {
        @Override
        public void write(Kryo kryo, Output output, ComputationGraphConfiguration conf) {
            output.writeString(conf.toJson());
        }

        @Override
        public ComputationGraphConfiguration read(Kryo kryo, Input input, Class<ComputationGraphConfiguration> type) {
            return ComputationGraphConfiguration.fromJson(input.readString());
        }
    }
}
