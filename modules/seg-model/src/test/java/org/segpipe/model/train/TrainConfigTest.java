package org.segpipe.model.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.learning.config.IUpdater;
import org.segpipe.core.config.ConfigException;
import org.segpipe.core.config.SettingsResolver;

class TrainConfigTest {

    private static TrainConfig cfg(String... kv) {
        return TrainConfig.from(SettingsResolver.resolve(null, List.of(kv)));
    }

    @Test
    void polyDecaysToZeroAtTheLastIteration() {
        IUpdater u = cfg("train.lr-schedule=poly", "train.learning-rate=0.01", "train.lr-poly-power=0.9").updater(100);
        assertEquals(0.01, u.getLearningRate(0, 0), 1e-15);
        assertEquals(0.01 * Math.pow(1 - 50 / 100.0, 0.9), u.getLearningRate(50, 0), 1e-15);
        assertEquals(0.01 * Math.pow(1 - 99 / 100.0, 0.9), u.getLearningRate(99, 0), 1e-15);
        assertEquals(0.0, u.getLearningRate(100, 0), 0);
        assertEquals(0.0, u.getLearningRate(150, 0), 0);
    }

    @Test
    void stepMultipliesEveryStepEpochs() {
        IUpdater u = cfg("train.lr-schedule=step", "train.learning-rate=0.1", "train.lr-step-epochs=3", "train.lr-step-factor=0.5",
                "train.optimizer=nesterovs").updater(1000);
        assertEquals(0.1, u.getLearningRate(7, 2), 1e-15);
        assertEquals(0.1 * 0.5, u.getLearningRate(7, 3), 1e-15);
        assertEquals(0.1 * 0.5 * 0.5, u.getLearningRate(7, 7), 1e-15);
        assertEquals(0.1, cfg("train.learning-rate=0.1").updater(10).getLearningRate(5, 5), 0, "constant");
    }

    @Test
    void badValuesNameKeyValueAndRule() {
        assertEquals("'train.optimizer' is lion but must be one of adam, sgd, nesterovs, rmsprop",
                assertThrows(ConfigException.class, () -> cfg("train.optimizer=lion")).getMessage());
        assertEquals("'train.crop' is 'center' but must be random or none",
                assertThrows(ConfigException.class, () -> cfg("train.crop=center")).getMessage());
        assertEquals("'train.batch-size' is 0 but must be at least 1",
                assertThrows(ConfigException.class, () -> cfg("train.batch-size=0")).getMessage());
    }
}
