package org.segpipe.core.evaluate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.segpipe.core.metrics.coco.CocoParams;
import org.segpipe.core.metrics.coco.CocoResult;
import org.segpipe.core.metrics.instance.CityscapesProtocol;
import org.segpipe.core.metrics.instance.InstanceResult;
import org.segpipe.core.metrics.panoptic.PanopticResult;
import org.segpipe.core.metrics.semantic.SemanticResult;

/**
 * The {@code --summary} document: one JSON object with {@code images} and a section per protocol
 * whose input was given; NaN is written as null; numbers are shortest round-trip decimals.
 */
public final class SummaryJson {

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private SummaryJson() {
    }

    public static String write(EvaluationReport r) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("images", r.totals().evaluated());
        if (r.semantic() != null) {
            SemanticResult s = r.semantic();
            ObjectNode o = root.putObject("semantic");
            num(o, "mIoU", s.miou());
            num(o, "iIoU", s.iiou());
            num(o, "mIoU_categories", s.miouCategories());
            num(o, "iIoU_categories", s.iiouCategories());
            num(o, "pixel_accuracy", s.pixelAccuracy());
            ObjectNode classes = o.putObject("classes");
            for (SemanticResult.ClassScore c : s.classes()) {
                ObjectNode x = classes.putObject(c.name());
                num(x, "iou", c.iou());
                num(x, "iiou", c.iiou());
                num(x, "dice", c.dice());
            }
        }
        if (r.instance() != null) {
            InstanceResult in = r.instance();
            ObjectNode o = root.putObject("instance");
            num(o, "AP", in.ap());
            num(o, "AP50", in.ap50());
            ObjectNode classes = o.putObject("classes");
            for (InstanceResult.ClassAp c : in.classes()) {
                ObjectNode x = classes.putObject(c.name());
                num(x, "AP", c.ap());
                num(x, "AP50", c.ap50());
            }
            ArrayNode counts = o.putArray("counts");
            for (InstanceResult.ClassAp c : in.classes()) {
                for (int t = 0; t < CityscapesProtocol.thresholdCount(); t++) {
                    counts.addObject().put("class", c.name()).put("iou_threshold", CityscapesProtocol.nominalOverlap(t))
                            .put("tp", c.tp()[t]).put("fp", c.fp()[t]).put("fn", c.fn()[t]);
                }
            }
        }
        if (r.coco() != null) {
            CocoResult c = r.coco();
            ObjectNode o = root.putObject("coco");
            num(o, "AP", c.ap());
            num(o, "AP50", c.ap50());
            num(o, "AP75", c.ap75());
            num(o, "APs", c.apSmall());
            num(o, "APm", c.apMedium());
            num(o, "APl", c.apLarge());
            num(o, "AR1", c.ar1());
            num(o, "AR10", c.ar10());
            num(o, "AR100", c.ar100());
            ArrayNode counts = o.putArray("counts");
            for (int t = 0; t < CocoParams.thresholdCount(); t++) {
                long tp = 0;
                long fp = 0;
                long fn = 0;
                for (CocoResult.ClassCoco k : c.classes()) {
                    tp += k.tp()[t];
                    fp += k.fp()[t];
                    fn += k.fn()[t];
                }
                counts.addObject().put("iou_threshold", CocoParams.nominalIouThreshold(t)).put("tp", tp).put("fp", fp)
                        .put("fn", fn);
            }
        }
        if (r.panoptic() != null) {
            PanopticResult p = r.panoptic();
            ObjectNode o = root.putObject("panoptic");
            num(o, "PQ", p.all().pq());
            num(o, "SQ", p.all().sq());
            num(o, "RQ", p.all().rq());
            pq(o.putObject("things"), p.things());
            pq(o.putObject("stuff"), p.stuff());
            ObjectNode classes = o.putObject("classes");
            for (PanopticResult.ClassPq c : p.classes()) {
                ObjectNode x = classes.putObject(c.name());
                num(x, "PQ", c.pq());
                num(x, "SQ", c.sq());
                num(x, "RQ", c.rq());
            }
        }
        try {
            return MAPPER.writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void pq(ObjectNode o, PanopticResult.Average a) {
        num(o, "PQ", a.pq());
        num(o, "SQ", a.sq());
        num(o, "RQ", a.rq());
        o.put("n", a.n());
    }

    private static void num(ObjectNode o, String name, double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            o.putNull(name);
        } else {
            o.put(name, v);
        }
    }
}
