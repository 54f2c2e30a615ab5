package org.segpipe.core.results;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.segpipe.core.cityscapes.SampleKey;
import org.segpipe.core.metrics.panoptic.PanopticSegment;
import org.segpipe.core.png.PngEncoder;
import org.segpipe.core.png.PngImages;

/**
 * Writes predictions in the official results formats (for tests, benchmarks and examples):
 * <ul>
 *   <li>semantic: {@code {root}/{city}/{key}_pred_labelIds.png}</li>
 *   <li>instances: {@code {root}/{city}/{key}_pred.txt} with lines {@code masks/{key}_{i}.png labelId score},
 *       masks as 8-bit grayscale 0/255 PNGs</li>
 *   <li>panoptic: {@code {root}/predictions/{key}_panoptic.png} (RGB ids) and one
 *       {@code {root}/predictions.json} with all annotations</li>
 * </ul>
 */
public final class ResultsWriter {

    private ResultsWriter() {
    }

    public static void writeSemantic(Path root, SampleKey key, SyntheticPredictions p) {
        write(root.resolve(key.city()).resolve(key + "_pred_labelIds.png"), PngImages.encode(p.semantic()));
    }

    public static void writeInstances(Path root, SampleKey key, List<SyntheticPredictions.Instance> instances) {
        Path dir = root.resolve(key.city());
        StringBuilder txt = new StringBuilder();
        for (int i = 0; i < instances.size(); i++) {
            SyntheticPredictions.Instance in = instances.get(i);
            String rel = "masks/" + key + "_" + i + ".png";
            write(dir.resolve(rel), PngEncoder.encodeGray8(in.mask().width(), in.mask().height(), in.mask().toBytes()));
            txt.append(rel).append(' ').append(in.labelId()).append(' ').append(in.score()).append('\n');
        }
        write(dir.resolve(key + "_pred.txt"), txt.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** Writes one image's panoptic PNG; returns its annotation for {@link #writePanopticJson}. */
    public static ObjectNode writePanopticPng(Path root, SampleKey key, int width, int height, int[] ids,
                                              List<PanopticSegment> segments) {
        byte[] rgb = new byte[ids.length * 3];
        for (int i = 0; i < ids.length; i++) {
            rgb[3 * i] = (byte) ids[i];
            rgb[3 * i + 1] = (byte) (ids[i] >> 8);
            rgb[3 * i + 2] = (byte) (ids[i] >> 16);
        }
        String file = key + "_panoptic.png";
        write(root.resolve("predictions").resolve(file), PngEncoder.encodeRgb(width, height, rgb));
        ObjectNode a = MAPPER.createObjectNode();
        a.put("image_id", key.toString());
        a.put("file_name", file);
        ArrayNode s = a.putArray("segments_info");
        for (PanopticSegment seg : segments) {
            s.addObject().put("id", seg.id()).put("category_id", seg.categoryId());
        }
        return a;
    }

    public static void writePanopticJson(Path root, List<ObjectNode> annotations) {
        ObjectNode doc = MAPPER.createObjectNode();
        doc.putArray("annotations").addAll(annotations);
        try {
            write(root.resolve("predictions.json"), MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(doc));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static final ObjectMapper MAPPER = new ObjectMapper();

    static void write(Path file, byte[] bytes) {
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
