package org.segpipe.core.cityscapes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CityscapesFileTest {

    private static final SampleKey KEY = new SampleKey("aachen", 0, 19);

    @Test
    void keysFormatWithSixDigits() {
        assertEquals("aachen_000000_000019", KEY.toString());
        assertEquals(KEY, SampleKey.parse("aachen_000000_000019"));
        assertEquals("bad-honnef_000123_000019", new SampleKey("bad-honnef", 123, 19).toString());
    }

    @Test
    void everyRoleRoundTripsThroughItsFileName() {
        assertEquals("aachen_000000_000019_leftImg8bit.png", CityscapesFile.image(KEY).fileName());
        for (FileRole role : FileRole.values()) {
            for (AnnotationSet set : AnnotationSet.values()) {
                CityscapesFile f = role.isAnnotation() ? CityscapesFile.annotation(KEY, set, role) : CityscapesFile.image(KEY);
                assertEquals(f, CityscapesFile.parse(f.fileName()), f.fileName());
            }
        }
        CityscapesFile ids = CityscapesFile.parse("aachen_000000_000019_gtFine_instanceIds.png");
        assertEquals(FileRole.INSTANCE_IDS, ids.role());
        assertEquals(AnnotationSet.GT_FINE, ids.annotations());
        assertNull(CityscapesFile.parse("aachen_000000_000019_leftImg8bit.png").annotations());
    }

    @Test
    void malformedNamesSayWhatWasExpected() {
        for (String bad : new String[] {"aachen_0000_000019_leftImg8bit.png", "Aachen_000000_000019_leftImg8bit.png",
                "aachen_000000_000019_rightImg8bit.png", "notes.txt", "aachen_000000_000019.png"}) {
            var e = assertThrows(FileNameException.class, () -> CityscapesFile.parse(bad), bad);
            assertTrue(e.getMessage().startsWith(bad + ": expected"), e.getMessage());
        }
        var suffix = assertThrows(FileNameException.class,
                () -> CityscapesFile.parse("aachen_000000_000019_gtFine_labels.png"));
        assertTrue(suffix.getMessage().contains("found '_labels.png'"), suffix.getMessage());
        var imageSuffix = assertThrows(FileNameException.class,
                () -> CityscapesFile.parse("aachen_000000_000019_leftImg8bit.jpg"));
        assertTrue(imageSuffix.getMessage().contains("found '.jpg'"), imageSuffix.getMessage());
    }

    @Test
    void locatedFilesCheckFolderSplitAndCity() {
        String good = "/data/cs/gtFine/val/aachen/aachen_000000_000019_gtFine_labelIds.png";
        LocatedFile f = LocatedFile.parse(good);
        assertEquals(Split.VAL, f.split());
        assertEquals("/data/cs", f.root());
        assertEquals("gtFine/val/aachen/aachen_000000_000019_gtFine_labelIds.png",
                LocatedFile.relativePath(f.split(), f.file()));
        assertEquals("s3a://bucket/cs", LocatedFile.parse("s3a://bucket/cs/leftImg8bit/train_extra/aachen/"
                + "aachen_000000_000019_leftImg8bit.png").root());

        var folder = assertThrows(FileNameException.class, () -> LocatedFile.parse(
                "/d/leftImg8bit/val/aachen/aachen_000000_000019_gtFine_labelIds.png"));
        assertTrue(folder.getMessage().contains("expected the file under folder 'gtFine', found it under 'leftImg8bit'"));
        var split = assertThrows(FileNameException.class, () -> LocatedFile.parse(
                "/d/gtFine/validation/aachen/aachen_000000_000019_gtFine_labelIds.png"));
        assertTrue(split.getMessage().contains("found 'validation'"), split.getMessage());
        var city = assertThrows(FileNameException.class, () -> LocatedFile.parse(
                "/d/gtFine/val/bochum/aachen_000000_000019_gtFine_labelIds.png"));
        assertTrue(city.getMessage().contains("expected the file in city folder 'aachen', found it in 'bochum'"));
    }

    @Test
    void keysAreFoundInsidePredictionFileNames() {
        assertEquals(KEY, SampleKey.find("aachen_000000_000019_pred_labelIds.png").orElseThrow());
        assertEquals(KEY, SampleKey.find("results/aachen_000000_000019.txt").orElseThrow());
        assertTrue(SampleKey.find("aachen_00000_000019.png").isEmpty());
    }

    @Test
    void splitsParseFromFolderNames() {
        assertEquals(Split.TRAIN_EXTRA, Split.fromFolderName("train_extra"));
        var e = assertThrows(IllegalArgumentException.class, () -> Split.fromFolderName("dev"));
        assertTrue(e.getMessage().contains("'dev'") && e.getMessage().contains("train_extra"));
    }
}
