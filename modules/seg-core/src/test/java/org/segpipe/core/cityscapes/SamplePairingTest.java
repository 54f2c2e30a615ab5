package org.segpipe.core.cityscapes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SamplePairingTest {

    private static List<LocatedFile> files(String... relative) {
        List<LocatedFile> out = new ArrayList<>();
        for (String r : relative) {
            out.add(LocatedFile.parse("/root/" + r));
        }
        return out;
    }

    @Test
    void imagesPairWithTheirAnnotationsByKey() {
        var result = SamplePairing.pair(files(
                "leftImg8bit/train/aachen/aachen_000001_000019_leftImg8bit.png",
                "gtFine/train/aachen/aachen_000001_000019_gtFine_labelIds.png",
                "gtFine/train/aachen/aachen_000001_000019_gtFine_instanceIds.png",
                "gtFine/train/aachen/aachen_000001_000019_gtFine_polygons.json",
                "leftImg8bit/train/aachen/aachen_000000_000019_leftImg8bit.png",
                "gtFine/train/aachen/aachen_000000_000019_gtFine_instanceIds.png",
                "gtFine/train/aachen/aachen_000000_000019_gtFine_labelIds.png",
                "gtFine/train/aachen/aachen_000000_000019_gtFine_color.png"), AnnotationSet.GT_FINE);
        assertEquals(List.of(), result.problems());
        assertEquals(2, result.pairs().size());
        SamplePair first = result.pairs().get(0);
        assertEquals("aachen_000000_000019", first.key().toString(), "sorted by key");
        assertTrue(first.colorPath().endsWith("_color.png"));
        assertNull(first.polygonsPath());
        assertTrue(result.pairs().get(1).polygonsPath().endsWith("_polygons.json"));
    }

    @Test
    void everyUnpairedFileBecomesAProblem() {
        var result = SamplePairing.pair(files(
                // image without instanceIds
                "leftImg8bit/val/lindau/lindau_000000_000019_leftImg8bit.png",
                "gtFine/val/lindau/lindau_000000_000019_gtFine_labelIds.png",
                // annotations without image
                "gtFine/val/lindau/lindau_000001_000019_gtFine_labelIds.png",
                "gtFine/val/lindau/lindau_000001_000019_gtFine_instanceIds.png",
                // coarse annotations are not considered when pairing with gtFine
                "gtCoarse/val/lindau/lindau_000002_000019_gtCoarse_labelIds.png"), AnnotationSet.GT_FINE);
        assertEquals(0, result.pairs().size());
        assertEquals(3, result.problems().size(), result.problems().toString());
        assertEquals(4, result.filesConsidered());
        PairingProblem unpaired = result.problems().stream().filter(p -> p.path().contains("leftImg8bit")).findFirst().orElseThrow();
        assertTrue(unpaired.reason().contains("expected gtFine/val/lindau/lindau_000000_000019_gtFine_instanceIds.png"),
                unpaired.reason());
        assertTrue(result.problems().stream().filter(p -> p.path().contains("000001")).allMatch(p ->
                p.reason().contains("no image: expected leftImg8bit/val/lindau/lindau_000001_000019_leftImg8bit.png")));
    }

    @Test
    void duplicateKeysAcrossSplitsAreProblems() {
        var result = SamplePairing.pair(files(
                "leftImg8bit/train/ulm/ulm_000000_000019_leftImg8bit.png",
                "gtFine/train/ulm/ulm_000000_000019_gtFine_labelIds.png",
                "gtFine/train/ulm/ulm_000000_000019_gtFine_instanceIds.png",
                "leftImg8bit/val/ulm/ulm_000000_000019_leftImg8bit.png"), AnnotationSet.GT_FINE);
        assertEquals(1, result.pairs().size());
        assertEquals(1, result.problems().size());
        assertTrue(result.problems().get(0).reason().contains("duplicate key ulm_000000_000019"));
    }
}
