package org.segpipe.core.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class InstanceResultsFileTest {

    private static final String ROOT = "file:/data/results";
    private static final String TXT = ROOT + "/frankfurt/frankfurt_000000_000294_pred.txt";

    private static InstanceResultsFile.Parsed parse(String text) {
        return InstanceResultsFile.parse(text, TXT, ROOT, "frankfurt_000000_000294");
    }

    private static String problems(InstanceResultsFile.Parsed p) {
        return String.join("\n", p.problems().stream().map(EvalProblem::describe).toList());
    }

    @Test
    void readsTheOfficialFormat() {
        InstanceResultsFile.Parsed p = parse("masks/a.png 26 0.9\nmasks/b.png 24.0 0.25\n\n");
        assertTrue(p.problems().isEmpty(), problems(p));
        assertEquals(List.of(new InstanceResultsFile.Line(1, ROOT + "/frankfurt/masks/a.png", 26, 0.9),
                new InstanceResultsFile.Line(2, ROOT + "/frankfurt/masks/b.png", 24, 0.25)), p.lines());
    }

    @Test
    void badLinesAreReportedWithFileAndLine() {
        InstanceResultsFile.Parsed p = parse("a.png 26\nb.png 26 high\nc.png 26.5 0.3\nd.png 99 0.3\ne.png 26 NaN\nok.png 26 0.1\n");
        String all = problems(p);
        assertTrue(all.contains(TXT + ":1: expected 3 fields"), all);
        assertTrue(all.contains(TXT + ":2: confidence 'high' is not a number"), all);
        assertTrue(all.contains(TXT + ":3: label id '26.5' is not an integer"), all);
        assertTrue(all.contains(TXT + ":4: label id 99 is not in the label table"), all);
        assertTrue(all.contains(TXT + ":5: confidence 'NaN' is not a finite number"), all);
        assertEquals(1, p.lines().size());
        assertEquals(6, p.lines().get(0).line());
    }

    @Test
    void masksOutsideTheResultsFolderAreRejected() {
        InstanceResultsFile.Parsed p = parse("../../etc/passwd 26 0.9\n/etc/passwd 26 0.9\nfile:/etc/passwd 26 0.9\n"
                + "../frankfurt/x.png 26 0.9\n");
        String all = problems(p);
        assertTrue(all.contains(":1: mask path '../../etc/passwd' points outside the results folder"), all);
        assertTrue(all.contains(":2: mask path '/etc/passwd' is absolute"), all);
        assertTrue(all.contains(":3: mask path 'file:/etc/passwd' is absolute"), all);
        assertEquals(1, p.lines().size(), "../frankfurt/x.png stays inside");
        assertEquals(ROOT + "/frankfurt/x.png", p.lines().get(0).maskPath());
        assertTrue(p.problems().stream().allMatch(x -> x.kind().equals(EvalProblem.PATH_OUTSIDE)));
    }

    @Test
    void trainIdsAreDetected() {
        // person = train id 11 (building as a label id), car = 13 (fence)
        InstanceResultsFile.Parsed p = parse("a.png 11 0.9\nb.png 13 0.8\n");
        assertEquals(1, p.problems().size());
        EvalProblem e = p.problems().get(0);
        assertEquals(EvalProblem.TRAIN_IDS, e.kind());
        assertEquals(1, e.line());
        assertTrue(e.reason().contains("[11, 13]") && e.reason().contains("look like train ids"), e.reason());
    }

    @Test
    void aMaskListedTwiceKeepsItsFirstPlaceAndLastValues() {
        InstanceResultsFile.Parsed p = parse("a.png 26 0.9\nb.png 24 0.5\na.png 24 0.3\n");
        assertEquals(2, p.lines().size());
        assertEquals(new InstanceResultsFile.Line(1, ROOT + "/frankfurt/a.png", 24, 0.3), p.lines().get(0));
        assertEquals(EvalProblem.DUPLICATE, p.problems().get(0).kind());
        assertEquals(3, p.problems().get(0).line());
    }

    @Test
    void pathArithmetic() {
        assertEquals("s3a://b/r/x", PathNames.normalize("s3a://b/r/./y/../x"));
        assertEquals(null, PathNames.normalize("/a/../../b"));
        assertEquals("file:/a", PathNames.parent("file:/a/b.txt"));
        assertEquals("/r/m.png", PathNames.resolveInside("/r", "m.png", "/r/"));
        assertTrue(PathNames.isAbsolute("C:\\x.png"));
        assertTrue(!PathNames.isAbsolute("masks/a:b.png"), "a colon after a slash is a file name");
    }
}
