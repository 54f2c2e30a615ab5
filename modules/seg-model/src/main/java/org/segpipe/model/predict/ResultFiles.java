package org.segpipe.model.predict;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.segpipe.core.cityscapes.CityscapesLabels;
import org.segpipe.core.cityscapes.InstanceIds;
import org.segpipe.core.cityscapes.Label;
import org.segpipe.core.image.ClassEncoding;
import org.segpipe.core.image.ClassMask;
import org.segpipe.core.png.PngEncoder;
import org.segpipe.core.png.PngImages;

/**
 * A prediction in the official Cityscapes result formats (what cityscapesScripts' evaluators read):
 *
 * <ul>
 *   <li>semantic: {@code {key}_pred_labelIds.png}, 8-bit label ids (train ids mapped back);</li>
 *   <li>instances: {@code {key}_pred.txt} with one line {@code masks/{key}_{i}.png labelId confidence}
 *       per instance, masks 8-bit PNGs (255 inside, 0 outside) relative to the txt;</li>
 *   <li>panoptic (COCO panoptic format as {@code createPanopticImgs.py} writes it): an RGB PNG
 *       {@code {key}_panoptic.png} with segment id {@code R + 256 G + 256^2 B} per pixel, and its
 *       {@code segments_info}: stuff segments are a whole class (id = label id), things are the
 *       instances (id = {@code labelId * 1000 + k}), category ids are label ids; pixels of
 *       instance classes outside any kept instance are void (0).</li>
 * </ul>
 */
public final class ResultFiles {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One instance mask file and its txt line. */
    public record InstanceFile(String relativePath, byte[] png, String line) {
    }

    /** The panoptic PNG and its segments. */
    public record Panoptic(byte[] png, List<Map<String, Object>> segments) {
        public String segmentsJson() {
            try {
                return JSON.writeValueAsString(segments);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private ResultFiles() {
    }

    public static String semanticName(String key) {
        return key + "_pred_labelIds.png";
    }

    public static String instanceTxtName(String key) {
        return key + "_pred.txt";
    }

    public static String panopticName(String key) {
        return key + "_panoptic.png";
    }

    /** The label-id image of a prediction. */
    public static ClassMask labelIds(Predictor.Prediction p) {
        return new ClassMask(p.width(), p.height(), p.trainIds().clone(), ClassEncoding.TRAIN_IDS).toLabelIds();
    }

    public static byte[] semanticPng(Predictor.Prediction p) {
        return PngImages.encode(labelIds(p));
    }

    /** Instance mask files and the txt content listing them (paths relative to the txt's folder). */
    public static List<InstanceFile> instanceFiles(Predictor.Prediction p, List<Instances.Instance> instances) {
        List<InstanceFile> out = new ArrayList<>();
        for (int i = 0; i < instances.size(); i++) {
            Instances.Instance inst = instances.get(i);
            byte[] mask = new byte[p.width() * p.height()];
            for (int q : inst.pixels()) {
                mask[q] = (byte) 255;
            }
            String rel = "masks/" + p.key() + "_" + String.format("%03d", i) + ".png";
            out.add(new InstanceFile(rel, PngEncoder.encodeGray8(p.width(), p.height(), mask),
                    String.format(Locale.ROOT, "%s %d %.6f", rel, inst.labelId(), inst.confidence())));
        }
        return out;
    }

    public static byte[] instanceTxt(List<InstanceFile> files) {
        StringBuilder sb = new StringBuilder();
        for (InstanceFile f : files) {
            sb.append(f.line()).append('\n');
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    public static Panoptic panoptic(Predictor.Prediction p, List<Instances.Instance> instances) {
        int w = p.width();
        int h = p.height();
        int[] ids = new int[w * h];
        List<Map<String, Object>> segments = new ArrayList<>();
        // stuff: one segment per class present
        long[] area = new long[256];
        int[] minX = new int[256];
        int[] minY = new int[256];
        int[] maxX = new int[256];
        int[] maxY = new int[256];
        java.util.Arrays.fill(minX, Integer.MAX_VALUE);
        java.util.Arrays.fill(minY, Integer.MAX_VALUE);
        for (int q = 0; q < ids.length; q++) {
            int t = p.trainIds()[q] & 0xFF;
            if (t >= CityscapesLabels.NUM_TRAIN_IDS || Instances.isThing(t)) {
                continue;
            }
            int label = CityscapesLabels.toLabelId(t);
            ids[q] = label;
            area[label]++;
            int x = q % w;
            int y = q / w;
            minX[label] = Math.min(minX[label], x);
            minY[label] = Math.min(minY[label], y);
            maxX[label] = Math.max(maxX[label], x);
            maxY[label] = Math.max(maxY[label], y);
        }
        for (int label = 0; label < 256; label++) {
            if (area[label] > 0) {
                segments.add(segment(label, label, area[label], minX[label], minY[label], maxX[label], maxY[label]));
            }
        }
        // things: the instances, numbered per class
        int[] perClass = new int[256];
        for (Instances.Instance inst : instances) {
            int id = InstanceIds.encode(inst.labelId(), perClass[inst.labelId()]++);
            for (int q : inst.pixels()) {
                ids[q] = id;
            }
            segments.add(segment(id, inst.labelId(), inst.area(), inst.minX(), inst.minY(), inst.maxX(), inst.maxY()));
        }
        byte[] rgb = new byte[w * h * 3];
        for (int q = 0; q < ids.length; q++) {
            int id = ids[q];
            rgb[3 * q] = (byte) (id % 256);
            rgb[3 * q + 1] = (byte) (id / 256 % 256);
            rgb[3 * q + 2] = (byte) (id / 65536 % 256);
        }
        return new Panoptic(PngEncoder.encodeRgb(w, h, rgb), segments);
    }

    private static Map<String, Object> segment(int id, int category, long area, int minX, int minY, int maxX, int maxY) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("category_id", category);
        m.put("area", area);
        m.put("bbox", List.of(minX, minY, maxX - minX + 1, maxY - minY + 1));
        m.put("iscrowd", 0);
        return m;
    }

    /** The panoptic categories, as cityscapesScripts lists them: labels evaluated, with colour and thing flag. */
    public static List<Map<String, Object>> panopticCategories() {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Label l : CityscapesLabels.all()) {
            if (l.ignoreInEval() || l.id() < 0) {
                continue;
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", l.id());
            m.put("name", l.name());
            m.put("color", List.of(l.red(), l.green(), l.blue()));
            m.put("supercategory", l.category());
            m.put("isthing", l.hasInstances() ? 1 : 0);
            out.add(m);
        }
        return out;
    }

    /** The JSON of one panoptic annotation entry. */
    public static String annotationJson(String key, String segmentsJson) {
        try {
            return "{\"image_id\":" + JSON.writeValueAsString(key) + ",\"file_name\":" + JSON.writeValueAsString(panopticName(key))
                    + ",\"segments_info\":" + segmentsJson + "}";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The JSON text of an array of values. */
    public static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
