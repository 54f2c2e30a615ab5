package org.segpipe.model.train;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.learning.config.Adam;
import org.segpipe.model.loss.LossSpec;
import org.segpipe.model.net.NetTraining;
import org.segpipe.model.net.UNetBuilder;
import org.segpipe.model.net.UNetConfig;
import org.segpipe.model.net.Upsampling;

/** Every upsampling mode trains: on a learnable scene the loss falls within a few Adam steps. */
class UpsamplingTrainTest {

    @ParameterizedTest
    @EnumSource(Upsampling.class)
    void lossFallsWithinAFewSteps(Upsampling mode) {
        // the bilinear network also has a dilated bottleneck (rates 2 and 3)
        UNetConfig cfg = new UNetConfig(2, 4, 2.0, mode, mode == Upsampling.BILINEAR ? List.of(2, 3) : List.of(), 0.0, 19, 3, 32, 64);
        ComputationGraph net = UNetBuilder.build(cfg, LossSpec.crossEntropy(), new NetTraining(new Adam(1e-2), 0, 7));
        MultiDataSet batch = TrainData.scenes(2, 32, 64, 3);
        double first = 0;
        double last = 0;
        for (int i = 0; i < 12; i++) {
            net.fit(batch);
            if (i == 0) {
                first = net.score();
            }
            last = net.score();
        }
        assertTrue(last < 0.9 * first, mode + ": loss went from " + first + " to " + last);
    }
}
