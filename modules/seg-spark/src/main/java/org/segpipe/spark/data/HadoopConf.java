package org.segpipe.spark.data;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.SerializableConfiguration;

/**
 * A Hadoop configuration that travels to executors inside a task closure, so executors open
 * {@code file://}, {@code s3a://} or {@code hdfs://} paths with the driver's settings.
 */
public final class HadoopConf implements Serializable {

    private static final long serialVersionUID = 1L;
    private transient Configuration conf;

    public HadoopConf(Configuration conf) {
        this.conf = conf;
    }

    public Configuration get() {
        return conf;
    }

    /**
     * The session's Hadoop configuration as a broadcast: executors deserialize it once each, not
     * once per task as a closure's copy is (a configuration holds hundreds of entries). Spark's
     * Kryo setup serializes {@link SerializableConfiguration} with Java serialization.
     */
    public static Broadcast<SerializableConfiguration> broadcast(SparkSession spark) {
        return JavaSparkContext.fromSparkContext(spark.sparkContext())
                .broadcast(new SerializableConfiguration(spark.sparkContext().hadoopConfiguration()));
    }

    private void writeObject(ObjectOutputStream out) throws IOException {
        out.defaultWriteObject();
        conf.write(out);
    }

    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
        in.defaultReadObject();
        conf = new Configuration(false);
        conf.readFields(in);
    }
}
