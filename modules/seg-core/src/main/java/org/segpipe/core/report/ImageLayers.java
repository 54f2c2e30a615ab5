package org.segpipe.core.report;

import java.io.IOException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.segpipe.core.cityscapes.InstanceIds;
import org.segpipe.core.evaluate.FileLoader;
import org.segpipe.core.image.ClassMask;
import org.segpipe.core.image.InstanceMask;
import org.segpipe.core.image.RgbImage;
import org.segpipe.core.metrics.instance.BinaryMask;
import org.segpipe.core.metrics.panoptic.PanopticSegment;
import org.segpipe.core.png.PngImages;
import org.segpipe.core.results.InstanceMasks;
import org.segpipe.core.results.InstanceResultsFile;
import org.segpipe.core.results.PanopticResultsJson;
import org.segpipe.core.results.SemanticPredictions;

/**
 * The pictures of one worst image: the camera image downscaled, and each layer that the run's
 * inputs allow, as PNG data URIs ({@link ReportData.ImageCard#layers()}). Whatever cannot be drawn
 * (a prediction file that is gone, a size that does not match) becomes a note, never a failure: the
 * report is still worth having without one picture.
 */
public final class ImageLayers {

    /** Where the predictions of one image are; any may be null. */
    public record Predictions(String semanticPath, boolean semanticTrainIds, String instancesTxtPath,
                              String instancesRoot, String panopticPngPath, List<PanopticSegment> panopticSegments)
            implements Serializable {
    }

    /** The layers made and what could not be made. */
    public record Result(int width, int height, Map<String, String> layers, List<String> notes) implements Serializable {
    }

    private ImageLayers() {
    }

    /**
     * @param imagePng    the camera image (required)
     * @param labelIdsPng ground-truth label ids (required)
     * @param instanceIdsPng ground-truth instance ids, or null
     * @param tileWidth   thumbnails are at most this wide
     * @param minScore    predicted instances below this score are not drawn
     */
    public static Result render(String key, byte[] imagePng, byte[] labelIdsPng, byte[] instanceIdsPng, Predictions p,
                                FileLoader files, int tileWidth, double minScore) {
        RgbImage image = PngImages.decodeRgb(imagePng, key + " (camera image)");
        ClassMask gt = PngImages.decodeLabelIds(labelIdsPng, key + " (labelIds)");
        int w = image.width();
        int h = image.height();
        if (gt.width() != w || gt.height() != h) {
            throw new IllegalArgumentException(key + ": camera image is " + w + "x" + h + ", labelIds " + gt.width() + "x"
                    + gt.height());
        }
        Thumbnail t = Thumbnail.fit(w, h, tileWidth);
        Map<String, String> layers = new LinkedHashMap<>();
        List<String> notes = new ArrayList<>();
        layers.put("image", Layers.dataUri(t.scale(image)));
        int[] gtSmall = t.sample(gt.values());
        layers.put("gt", Layers.dataUri(t.width(), t.height(), Layers.semantic(gtSmall)));

        if (p.semanticPath() != null) {
            try {
                ClassMask pred = SemanticPredictions.decode(files.load(p.semanticPath()), p.semanticPath(), p.semanticTrainIds());
                if (pred.width() != w || pred.height() != h) {
                    notes.add("semantic prediction " + p.semanticPath() + " is " + pred.width() + "x" + pred.height()
                            + ", the image " + w + "x" + h + ": not drawn");
                } else {
                    int[] predSmall = t.sample(pred.values());
                    layers.put("pred", Layers.dataUri(t.width(), t.height(), Layers.semantic(predSmall)));
                    layers.put("errors", Layers.dataUri(t.width(), t.height(), Layers.errors(gtSmall, predSmall)));
                }
            } catch (IOException | RuntimeException e) {
                notes.add("semantic prediction " + p.semanticPath() + " could not be drawn: " + message(e));
            }
        }
        if (instanceIdsPng != null && (p.instancesTxtPath() != null || p.panopticPngPath() != null)) {
            try {
                InstanceMask inst = PngImages.decodeInstanceIds(instanceIdsPng, key + " (instanceIds)");
                if (inst.width() == w && inst.height() == h) {
                    layers.put("gtInstances", Layers.dataUri(t.width(), t.height(), Layers.regions(t.sample(inst.values()),
                            t.width(), t.height(), v -> InstanceIds.isInstance(v) ? InstanceIds.labelId(v) : -1)));
                }
            } catch (RuntimeException e) {
                notes.add("ground-truth instances could not be drawn: " + message(e));
            }
        }
        if (p.instancesTxtPath() != null) {
            try {
                instances(p, files, w, h, t, minScore, layers, notes);
            } catch (IOException | RuntimeException e) {
                notes.add("instance predictions " + p.instancesTxtPath() + " could not be drawn: " + message(e));
            }
        }
        if (p.panopticPngPath() != null) {
            try {
                int[] ids = PanopticResultsJson.decodeIds(files.load(p.panopticPngPath()), p.panopticPngPath());
                if (ids.length != w * h) {
                    notes.add("panoptic prediction " + p.panopticPngPath() + " does not have the image's size " + w + "x" + h
                            + ": not drawn");
                } else {
                    Map<Integer, Integer> category = new HashMap<>();
                    for (PanopticSegment s : p.panopticSegments()) {
                        category.put((int) s.id(), (int) s.categoryId());
                    }
                    layers.put("panoptic", Layers.dataUri(t.width(), t.height(), Layers.regions(t.sample(ids), t.width(),
                            t.height(), id -> category.getOrDefault(id, -1))));
                }
            } catch (IOException | RuntimeException e) {
                notes.add("panoptic prediction " + p.panopticPngPath() + " could not be drawn: " + message(e));
            }
        }
        return new Result(w, h, layers, notes);
    }

    /** Predicted instances at or above {@code minScore}, lowest score first so the most confident end on top. */
    private static void instances(Predictions p, FileLoader files, int w, int h, Thumbnail t, double minScore,
                                  Map<String, String> layers, List<String> notes) throws IOException {
        String txt = new String(files.load(p.instancesTxtPath()), StandardCharsets.UTF_8);
        InstanceResultsFile.Parsed parsed = InstanceResultsFile.parse(txt, p.instancesTxtPath(), p.instancesRoot(), null);
        List<InstanceResultsFile.Line> lines = new ArrayList<>(parsed.lines().stream().filter(l -> l.score() >= minScore).toList());
        lines.sort(Comparator.comparingDouble(InstanceResultsFile.Line::score));
        int[] ids = new int[w * h];
        int[] labelOf = new int[lines.size() + 1];
        int skipped = 0;
        for (int i = 0; i < lines.size(); i++) {
            InstanceResultsFile.Line l = lines.get(i);
            BinaryMask m;
            try {
                m = InstanceMasks.decode(files.load(l.maskPath()), l.maskPath());
            } catch (IOException | RuntimeException e) {
                skipped++;
                continue;
            }
            if (m.width() != w || m.height() != h) {
                skipped++;
                continue;
            }
            labelOf[i + 1] = l.labelId();
            for (int r = 0; r < m.runs(); r++) {
                java.util.Arrays.fill(ids, m.starts()[r], m.starts()[r] + m.lengths()[r], i + 1);
            }
        }
        if (skipped > 0) {
            notes.add(skipped + " predicted instance masks could not be read or have another size: not drawn");
        }
        layers.put("predInstances", Layers.dataUri(t.width(), t.height(),
                Layers.regions(t.sample(ids), t.width(), t.height(), id -> labelOf[id])));
    }

    private static String message(Exception e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
