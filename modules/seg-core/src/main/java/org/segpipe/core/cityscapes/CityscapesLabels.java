package org.segpipe.core.cityscapes;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The official Cityscapes label table (cityscapesScripts {@code helpers/labels.py}) as data, with
 * fast lookups. This is the only place that knows ids, train ids, categories and colours.
 */
public final class CityscapesLabels {

    /** Train id meaning "ignore": no loss, no evaluation. */
    public static final int IGNORE_TRAIN_ID = 255;
    /** Largest label id in the table (bicycle). */
    public static final int MAX_LABEL_ID = 33;
    /** Number of train ids 0..18. */
    public static final int NUM_TRAIN_IDS = 19;

    private static final List<Label> ALL = List.of(
            //        name                   id trainId category        catId instances ignore  color
            new Label("unlabeled",             0, 255, "void",           0, false, true,  rgb(0, 0, 0)),
            new Label("ego vehicle",           1, 255, "void",           0, false, true,  rgb(0, 0, 0)),
            new Label("rectification border",  2, 255, "void",           0, false, true,  rgb(0, 0, 0)),
            new Label("out of roi",            3, 255, "void",           0, false, true,  rgb(0, 0, 0)),
            new Label("static",                4, 255, "void",           0, false, true,  rgb(0, 0, 0)),
            new Label("dynamic",               5, 255, "void",           0, false, true,  rgb(111, 74, 0)),
            new Label("ground",                6, 255, "void",           0, false, true,  rgb(81, 0, 81)),
            new Label("road",                  7,   0, "flat",           1, false, false, rgb(128, 64, 128)),
            new Label("sidewalk",              8,   1, "flat",           1, false, false, rgb(244, 35, 232)),
            new Label("parking",               9, 255, "flat",           1, false, true,  rgb(250, 170, 160)),
            new Label("rail track",           10, 255, "flat",           1, false, true,  rgb(230, 150, 140)),
            new Label("building",             11,   2, "construction",   2, false, false, rgb(70, 70, 70)),
            new Label("wall",                 12,   3, "construction",   2, false, false, rgb(102, 102, 156)),
            new Label("fence",                13,   4, "construction",   2, false, false, rgb(190, 153, 153)),
            new Label("guard rail",           14, 255, "construction",   2, false, true,  rgb(180, 165, 180)),
            new Label("bridge",               15, 255, "construction",   2, false, true,  rgb(150, 100, 100)),
            new Label("tunnel",               16, 255, "construction",   2, false, true,  rgb(150, 120, 90)),
            new Label("pole",                 17,   5, "object",         3, false, false, rgb(153, 153, 153)),
            new Label("polegroup",            18, 255, "object",         3, false, true,  rgb(153, 153, 153)),
            new Label("traffic light",        19,   6, "object",         3, false, false, rgb(250, 170, 30)),
            new Label("traffic sign",         20,   7, "object",         3, false, false, rgb(220, 220, 0)),
            new Label("vegetation",           21,   8, "nature",         4, false, false, rgb(107, 142, 35)),
            new Label("terrain",              22,   9, "nature",         4, false, false, rgb(152, 251, 152)),
            new Label("sky",                  23,  10, "sky",            5, false, false, rgb(70, 130, 180)),
            new Label("person",               24,  11, "human",          6, true,  false, rgb(220, 20, 60)),
            new Label("rider",                25,  12, "human",          6, true,  false, rgb(255, 0, 0)),
            new Label("car",                  26,  13, "vehicle",        7, true,  false, rgb(0, 0, 142)),
            new Label("truck",                27,  14, "vehicle",        7, true,  false, rgb(0, 0, 70)),
            new Label("bus",                  28,  15, "vehicle",        7, true,  false, rgb(0, 60, 100)),
            new Label("caravan",              29, 255, "vehicle",        7, true,  true,  rgb(0, 0, 90)),
            new Label("trailer",              30, 255, "vehicle",        7, true,  true,  rgb(0, 0, 110)),
            new Label("train",                31,  16, "vehicle",        7, true,  false, rgb(0, 80, 100)),
            new Label("motorcycle",           32,  17, "vehicle",        7, true,  false, rgb(0, 0, 230)),
            new Label("bicycle",              33,  18, "vehicle",        7, true,  false, rgb(119, 11, 32)),
            new Label("license plate",        -1,  -1, "vehicle",        7, false, true,  rgb(0, 0, 142)));

    private static final Label[] BY_ID = new Label[MAX_LABEL_ID + 1];
    private static final Label[] BY_TRAIN_ID = new Label[NUM_TRAIN_IDS];
    private static final Map<String, Label> BY_NAME = new LinkedHashMap<>();
    /** labelId -> trainId for every byte value; unknown ids map to 255. */
    private static final byte[] LABEL_TO_TRAIN = new byte[256];
    /** trainId -> labelId for every byte value; 255 and unknown map to 0 (unlabeled). */
    private static final byte[] TRAIN_TO_LABEL = new byte[256];

    static {
        Arrays.fill(LABEL_TO_TRAIN, (byte) IGNORE_TRAIN_ID);
        for (Label label : ALL) {
            BY_NAME.put(label.name(), label);
            if (label.id() >= 0) {
                BY_ID[label.id()] = label;
                LABEL_TO_TRAIN[label.id()] = (byte) label.trainId();
            }
        }
        // Inverse mapping: the first label in the table with a train id wins (as labels.py's
        // trainId2label, which iterates in reverse so that the first one is kept).
        for (int i = ALL.size() - 1; i >= 0; i--) {
            Label label = ALL.get(i);
            if (label.trainId() >= 0 && label.trainId() < NUM_TRAIN_IDS) {
                BY_TRAIN_ID[label.trainId()] = label;
            }
        }
        for (int t = 0; t < NUM_TRAIN_IDS; t++) {
            TRAIN_TO_LABEL[t] = (byte) BY_TRAIN_ID[t].id();
        }
    }

    private CityscapesLabels() {
    }

    private static int rgb(int r, int g, int b) {
        return (r << 16) | (g << 8) | b;
    }

    /** All labels in table order, license plate last. */
    public static List<Label> all() {
        return ALL;
    }

    /** Labels with an id (0..33), in id order. */
    public static List<Label> withIds() {
        List<Label> out = new ArrayList<>();
        for (Label l : BY_ID) {
            out.add(l);
        }
        return Collections.unmodifiableList(out);
    }

    /** The 19 training classes in train id order. */
    public static List<Label> trainClasses() {
        return List.of(BY_TRAIN_ID);
    }

    /** The classes with instances that are evaluated (person .. bicycle without caravan, trailer). */
    public static List<Label> evaluatedInstanceClasses() {
        List<Label> out = new ArrayList<>();
        for (Label l : BY_ID) {
            if (l.hasInstances() && !l.ignoreInEval()) {
                out.add(l);
            }
        }
        return Collections.unmodifiableList(out);
    }

    public static boolean isKnownId(int labelId) {
        return labelId >= 0 && labelId <= MAX_LABEL_ID;
    }

    /** The label with this id, or an exception naming the id. */
    public static Label byId(int labelId) {
        if (!isKnownId(labelId)) {
            throw new IllegalArgumentException(
                    "unknown Cityscapes label id " + labelId + " (expected 0.." + MAX_LABEL_ID + ")");
        }
        return BY_ID[labelId];
    }

    public static Label byTrainId(int trainId) {
        if (trainId < 0 || trainId >= NUM_TRAIN_IDS) {
            throw new IllegalArgumentException(
                    "unknown Cityscapes train id " + trainId + " (expected 0.." + (NUM_TRAIN_IDS - 1) + ")");
        }
        return BY_TRAIN_ID[trainId];
    }

    public static Optional<Label> byName(String name) {
        return Optional.ofNullable(BY_NAME.get(name));
    }

    /**
     * Resolves an annotation label name the way cityscapesScripts does: a known name is itself; an
     * unknown name ending in {@code group} whose stem is a known class (e.g. {@code cargroup}) is a
     * group of that class.
     */
    public static Optional<ResolvedName> resolveAnnotationName(String name) {
        Label direct = BY_NAME.get(name);
        if (direct != null) {
            return Optional.of(new ResolvedName(direct, false));
        }
        if (name.endsWith("group")) {
            Label stem = BY_NAME.get(name.substring(0, name.length() - "group".length()));
            if (stem != null) {
                return Optional.of(new ResolvedName(stem, true));
            }
        }
        return Optional.empty();
    }

    /** A label name from an annotation, resolved to its class and whether it names a group. */
    public record ResolvedName(Label label, boolean group) {
    }

    /** labelId to trainId; ids outside the table map to 255. */
    public static int toTrainId(int labelId) {
        return LABEL_TO_TRAIN[labelId & 0xFF] & 0xFF;
    }

    /** trainId to labelId; 255 and unknown train ids map to 0 (unlabeled). */
    public static int toLabelId(int trainId) {
        return TRAIN_TO_LABEL[trainId & 0xFF] & 0xFF;
    }

    /** A copy of the 256-entry labelId to trainId lookup table. */
    public static byte[] labelToTrainLut() {
        return LABEL_TO_TRAIN.clone();
    }

    /** A copy of the 256-entry trainId to labelId lookup table. */
    public static byte[] trainToLabelLut() {
        return TRAIN_TO_LABEL.clone();
    }
}
