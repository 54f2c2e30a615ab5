package org.segpipe.spark.train;

import java.io.Serializable;
import org.apache.spark.TaskContext;
import org.apache.spark.util.DoubleAccumulator;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.optimize.api.BaseTrainingListener;

/**
 * The training loss of gradient sharing. DL4J's sharing workers report no usable score (their
 * {@code ParallelWrapper} never sets the shared model's score), so a listener on every model
 * replica adds each minibatch's score to JVM-wide totals, and every training task, when it
 * completes, moves the totals gathered so far in its JVM into Spark accumulators (a completion
 * listener runs before the task's accumulator updates are sent). The task that runs a JVM's
 * training loop completes only after its last minibatch, so every score reaches the driver once.
 */
final class SharedLoss {

    private static double sum;
    private static long count;

    private SharedLoss() {
    }

    static synchronized void record(double score) {
        sum += score;
        count++;
    }

    /** The totals since the last drain, then zero. */
    static synchronized double[] drain() {
        double[] d = {sum, count};
        sum = 0;
        count = 0;
        return d;
    }

    /** In a training task: at its end, move this JVM's totals into the accumulators. */
    static void drainAtTaskEnd(DoubleAccumulator scoreSum, DoubleAccumulator scoreCount) {
        TaskContext.get().addTaskCompletionListener((TaskContext ctx) -> {
            double[] d = drain();
            scoreSum.add(d[0]);
            scoreCount.add(d[1]);
        });
    }

    /** Records the score of every minibatch a replica fits. Stateless, so DL4J may share or copy it. */
    static final class Listener extends BaseTrainingListener implements Serializable {
        private static final long serialVersionUID = 1L;

        @Override
        public void iterationDone(Model model, int iteration, int epoch) {
            record(model.score());
        }
    }
}
