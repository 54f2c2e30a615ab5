package org.segpipe.testkit;

import java.nio.file.Path;
import java.util.List;
import org.segpipe.core.cityscapes.Split;
import org.segpipe.core.generate.DatasetGenerator;
import org.segpipe.core.generate.GenerateConfig;

/** Generated Cityscapes trees for tests: small, seeded, written to a folder the test owns. */
public final class FixtureDatasets {

    private FixtureDatasets() {
    }

    /** {@code images} frames dealt over train and val, at {@code width}x{@code height}. */
    public static Path cityscapes(Path root, int images, int width, int height, long seed) {
        DatasetGenerator.run(new GenerateConfig(root, GenerateConfig.spread(images, List.of(Split.TRAIN, Split.VAL)),
                height, width, seed, GenerateConfig.DEFAULT_CITIES, 2));
        return root;
    }
}
