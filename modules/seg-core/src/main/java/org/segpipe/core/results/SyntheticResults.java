package org.segpipe.core.results;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.segpipe.core.cityscapes.SampleKey;
import org.segpipe.core.cityscapes.Split;
import org.segpipe.core.image.ClassMask;
import org.segpipe.core.image.InstanceMask;
import org.segpipe.core.png.PngImages;

/**
 * Writes {@link SyntheticPredictions} for every ground-truth frame of a split of a Cityscapes tree,
 * in the official results formats ({@link ResultsWriter}); for tests, benchmarks and demos.
 */
public final class SyntheticResults {

    private SyntheticResults() {
    }

    /**
     * @param semantic  folder for semantic results, or null to skip
     * @param instances folder for instance results, or null to skip
     * @param panoptic  folder for panoptic results, or null to skip
     * @return the frames written
     */
    public static int write(Path gtRoot, Split split, long seed, Path semantic, Path instances, Path panoptic) {
        List<ObjectNode> annotations = new ArrayList<>();
        List<Path> labelFiles;
        try (Stream<Path> s = Files.walk(gtRoot.resolve("gtFine").resolve(split.folderName()))) {
            labelFiles = s.filter(p -> p.getFileName().toString().endsWith("_gtFine_labelIds.png")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (Path labels : labelFiles) {
            String name = labels.getFileName().toString();
            SampleKey key = SampleKey.find(name).orElseThrow();
            Path instancesFile = labels.resolveSibling(name.replace("_labelIds.png", "_instanceIds.png"));
            try {
                ClassMask gtLabels = PngImages.decodeLabelIds(Files.readAllBytes(labels), labels.toString());
                InstanceMask gtInstances = PngImages.decodeInstanceIds(Files.readAllBytes(instancesFile), instancesFile.toString());
                SyntheticPredictions p = SyntheticPredictions.create(seed, key, gtLabels, gtInstances);
                if (semantic != null) {
                    ResultsWriter.writeSemantic(semantic, key, p);
                }
                if (instances != null) {
                    ResultsWriter.writeInstances(instances, key, p.instances());
                }
                if (panoptic != null) {
                    annotations.add(ResultsWriter.writePanopticPng(panoptic, key, gtLabels.width(), gtLabels.height(),
                            p.panopticIds(), p.panopticSegments()));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        if (panoptic != null) {
            ResultsWriter.writePanopticJson(panoptic, annotations);
        }
        return labelFiles.size();
    }
}
