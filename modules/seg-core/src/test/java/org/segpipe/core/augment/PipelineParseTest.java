package org.segpipe.core.augment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.segpipe.core.config.ConfigException;
import org.segpipe.core.config.Settings;

class PipelineParseTest {

    private static String error(String text) {
        return assertThrows(ConfigException.class, () -> Pipeline.parse(text, "augment.pipeline")).getMessage();
    }

    @Test
    void presetsParseAndSpellOutEveryParameter() {
        assertTrue(Pipeline.parse("none", "k").isEmpty());
        Pipeline standard = Pipeline.parse("cityscapes-standard", "k");
        assertEquals("cityscapes-standard", standard.description());
        assertEquals("scale(min=0.5, max=2, base-height=1024, base-width=2048, keep-size=false, p=1); "
                + "crop(height=512, width=1024, cat-max-ratio=0.75, retries=10, if-smaller=pad, p=1); hflip(p=0.5); "
                + "photometric(brightness-delta=32, contrast-min=0.5, contrast-max=1.5, saturation-min=0.5, "
                + "saturation-max=1.5, hue-degrees=36, p=1)", standard.canonical());
        assertEquals(4, Pipeline.parse("light", "k").steps().size());
        // The canonical text parses to itself.
        assertEquals(standard.canonical(), Pipeline.parse(standard.canonical(), "k").canonical());
    }

    @Test
    void stepsWithSpacesAndTrailingSeparator() {
        Pipeline p = Pipeline.parse(" hflip ;scale( min = 0.75 , max=1.25 );  ", "k");
        assertEquals(2, p.steps().size());
        assertEquals(0.5, p.steps().get(0).p());
        assertEquals("scale(min=0.75, max=1.25, base-height=0, base-width=0, keep-size=false, p=1)", p.steps().get(1).toString());
    }

    @Test
    void unknownTransformsAreNamedWithASuggestion() {
        assertEquals("'augment.pipeline' step 2 'hflp(p=0.5)': unknown transform 'hflp' (did you mean 'hflip'?); "
                + "transforms are hflip, scale, crop, rotate, translate, brightness, contrast, saturation, hue, gamma, "
                + "noise, blur, photometric", error("scale; hflp(p=0.5)"));
        assertTrue(error("light; hflip").contains("'light' is a preset; a preset stands alone"), error("light; hflip"));
    }

    @Test
    void probabilitiesOutsideZeroToOne() {
        assertEquals("'augment.pipeline' step 1 'hflip(p=1.5)': p is 1.5 but must be in [0, 1]", error("hflip(p=1.5)"));
        assertEquals("'augment.pipeline' step 1 'rotate(p=-0.1)': p is -0.1 but must be in [0, 1]", error("rotate(p=-0.1)"));
        assertEquals("'augment.pipeline' step 1 'hflip(p=half)': p is 'half' but must be a number in [0, 1]",
                error("hflip(p=half)"));
    }

    @Test
    void emptyOrNegativeScaleRanges() {
        assertEquals("'augment.pipeline' step 1 'scale(min=2.5, max=2.0)': min is 2.5 but must not exceed max (2); "
                + "the range would be empty", error("scale(min=2.5, max=2.0)"));
        assertEquals("'augment.pipeline' step 1 'scale(min=-0.5)': min is -0.5 but must be in (0, 8]", error("scale(min=-0.5)"));
        assertEquals("'augment.pipeline' step 1 'scale(max=0)': max is 0 but must be in (0, 8]", error("scale(max=0)"));
        assertTrue(error("scale(base-height=1024)").contains("base-height is 1024 and base-width is 0 but they must be both 0 "
                + "or both positive"));
        assertTrue(error("contrast(min=1.5, max=0.5)").contains("min is 1.5 but must not exceed max (0.5)"));
    }

    @Test
    void parametersAreCheckedByNameKindAndPresence() {
        assertEquals("'augment.pipeline' step 1 'crop(width=10)': crop needs parameter 'height' (window height, px)",
                error("crop(width=10)"));
        assertEquals("'augment.pipeline' step 1 'crop(height=8, width=8, size=3)': crop has no parameter 'size'; its "
                + "parameters are height, width, cat-max-ratio, retries, if-smaller, p", error("crop(height=8, width=8, size=3)"));
        assertEquals("'augment.pipeline' step 1 'crop(height=8.5, width=8)': height is 8.5 but must be a whole number in "
                + "[1, 16384]", error("crop(height=8.5, width=8)"));
        assertEquals("'augment.pipeline' step 1 'crop(height=8, width=8, if-smaller=grow)': if-smaller is 'grow' but must "
                + "be one of pad, fail", error("crop(height=8, width=8, if-smaller=grow)"));
        assertEquals("'augment.pipeline' step 1 'scale(keep-size=yes)': keep-size is 'yes' but must be true or false",
                error("scale(keep-size=yes)"));
        assertEquals("'augment.pipeline' step 1 'hflip(p=0.5, p=0.2)': parameter 'p' is given twice", error("hflip(p=0.5, p=0.2)"));
        assertEquals("'augment.pipeline' step 1 'hflip(0.5)': '0.5' is not a parameter; parameters look like 'key=value', "
                + "separated by ','", error("hflip(0.5)"));
        assertEquals("'augment.pipeline' step 1 'blur(min-sigma=0)': min-sigma is 0 but must be in (0, 20]",
                error("blur(min-sigma=0)"));
        assertTrue(error("noise(max-sigma=NaN)").contains("max-sigma is NaN but must be in [0, 255]"));
    }

    @Test
    void syntaxErrorsSayWhere() {
        assertEquals("'augment.pipeline' is empty; write 'none' for no augmentation, a preset (none, light, "
                + "cityscapes-standard) or steps such as 'hflip(p=0.5); scale(min=0.5, max=2.0)'", error("  "));
        assertEquals("'augment.pipeline' has a '(' that is never closed in 'hflip(p=0.5'", error("hflip(p=0.5"));
        assertEquals("'augment.pipeline' has a ';' inside parentheses at character 12 of 'hflip(p=0.5; scale)'; is a ')' "
                + "missing?", error("hflip(p=0.5; scale)"));
        assertEquals("'augment.pipeline' has a ')' without '(' at character 6 of 'hflip)'", error("hflip)"));
        assertEquals("'augment.pipeline' step 2 is empty in 'hflip;; scale'; steps are separated by ';'", error("hflip;; scale"));
        assertEquals("'augment.pipeline' step 1 is 'Hflip' but a step looks like 'name' or 'name(key=value, ...)'",
                error("Hflip"));
    }

    @Test
    void configReadsPipelineSeedAndFill() {
        AugmentConfig c = AugmentConfig.from(Settings.of(Map.of("run.seed", "7", "augment.pipeline", "hflip",
                "augment.seed", "", "augment.image-fill", "124, 116,104")));
        assertEquals(7, c.seed(), "empty augment.seed falls back to run.seed");
        assertEquals((124 << 16) | (116 << 8) | 104, c.imageFillRgb());
        assertEquals(9, AugmentConfig.from(Settings.of(Map.of("run.seed", "7", "augment.seed", "9"))).seed());
        assertEquals(0x808080, AugmentConfig.parseFill("128"));
        for (String bad : new String[] {"256", "1,2", "a,b,c", "-1"}) {
            var e = assertThrows(ConfigException.class, () -> AugmentConfig.parseFill(bad));
            assertEquals("'augment.image-fill' is '" + bad + "' but must be a gray level 0-255 or r,g,b with each 0-255",
                    e.getMessage());
        }
    }

    /** conf/augment.md documents every transform and every parameter with its default. */
    @Test
    void everyTransformIsDocumented() throws IOException {
        String doc = Files.readString(Path.of("../../conf/augment.md"));
        for (TransformCatalog.Spec spec : TransformCatalog.specs().values()) {
            String row = doc.lines().filter(l -> l.startsWith("| `" + spec.name() + "` |")).findFirst()
                    .orElseThrow(() -> new AssertionError("conf/augment.md has no row for " + spec.name()));
            assertTrue(row.contains("`p=" + Pipeline.format(spec.defaultP()) + "`"), "default p of " + spec.name() + ": " + row);
            for (TransformCatalog.Param p : spec.params()) {
                String expected = "`" + p.name() + (p.defaultValue() == null ? "`" : "=" + p.defaultValue() + "`");
                assertTrue(row.contains(expected), expected + " of " + spec.name() + " in: " + row);
            }
        }
        for (String preset : Pipeline.PRESETS.keySet()) {
            assertTrue(doc.contains("`" + preset + "`"), "preset " + preset);
            if (!Pipeline.PRESETS.get(preset).isEmpty()) {
                assertTrue(doc.contains(Pipeline.PRESETS.get(preset)), "steps of preset " + preset);
            }
        }
    }
}
