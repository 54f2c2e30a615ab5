package org.segpipe.core.metrics.semantic;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.segpipe.core.cityscapes.CityscapesLabels;
import org.segpipe.core.cityscapes.Label;

/**
 * The constants of the pixel-level protocol: the evaluated classes, the categories in the
 * official order, and the average instance sizes that weight iIoU ({@code args.avgClassSize} in
 * {@code evalPixelLevelSemanticLabeling.py}, in pixels at 2048x1024).
 */
public final class SemanticProtocol {

    /** Official average instance size per class with instances, pixels. */
    private static final Map<String, Double> AVG_CLASS_SIZE_PX = Map.of(
            "bicycle", 4672.3249222261,
            "caravan", 36771.8241758242,
            "motorcycle", 6298.7200839748,
            "rider", 3930.4788056518,
            "bus", 35732.1511111111,
            "train", 67583.7075812274,
            "car", 12794.0202738185,
            "person", 3462.4756337644,
            "truck", 27855.1264367816,
            "trailer", 16926.9763313609);

    /** One category: name, its label ids (id >= 0, in table order), and whether it gets an iIoU. */
    public record Category(String name, int[] labelIds, boolean instanceLevel) {
    }

    private static final List<Category> CATEGORIES;

    static {
        // Categories in the order labels.py first mentions them (category2labels' key order).
        Map<String, List<Label>> byCategory = new LinkedHashMap<>();
        for (Label l : CityscapesLabels.all()) {
            byCategory.computeIfAbsent(l.category(), k -> new ArrayList<>()).add(l);
        }
        List<Category> cats = new ArrayList<>();
        for (Map.Entry<String, List<Label>> e : byCategory.entrySet()) {
            List<Integer> ids = new ArrayList<>();
            boolean allInstances = true;
            for (Label l : e.getValue()) {
                if (l.id() < 0) {
                    continue;
                }
                ids.add(l.id());
                if (!l.hasInstances()) {
                    allInstances = false;
                }
            }
            cats.add(new Category(e.getKey(), ids.stream().mapToInt(Integer::intValue).toArray(), allInstances));
        }
        CATEGORIES = List.copyOf(cats);
    }

    private SemanticProtocol() {
    }

    /** void, flat, construction, object, nature, sky, human, vehicle. */
    public static List<Category> categories() {
        return CATEGORIES;
    }

    public static int categoryIndex(String name) {
        for (int i = 0; i < CATEGORIES.size(); i++) {
            if (CATEGORIES.get(i).name().equals(name)) {
                return i;
            }
        }
        return -1;
    }

    /** Classes whose instances are weighted for iIoU: with instances and not ignored (8 classes). */
    public static boolean hasInstanceScore(int labelId) {
        if (!CityscapesLabels.isKnownId(labelId)) {
            return false;
        }
        Label l = CityscapesLabels.byId(labelId);
        return l.hasInstances() && !l.ignoreInEval();
    }

    /** The official average instance size of a class with instances. */
    public static double averageInstanceSizePx(String className) {
        Double v = AVG_CLASS_SIZE_PX.get(className);
        if (v == null) {
            throw new IllegalArgumentException("no official average instance size for class '" + className + "'");
        }
        return v;
    }

    /** Whether ground-truth pixels of this label id are ignored (rows that never count as FP). */
    public static boolean ignored(int labelId) {
        return CityscapesLabels.byId(labelId).ignoreInEval();
    }
}
