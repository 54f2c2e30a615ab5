package org.segpipe.core.results;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.segpipe.core.metrics.panoptic.PanopticSegment;

/**
 * Streams the {@code annotations} of a COCO panoptic results JSON, one annotation at a time, so
 * a file for any number of images is read in constant memory.
 */
public final class PanopticResultsJson {

    /**
     * One annotation.
     *
     * @param imageId  {@code image_id} (for Cityscapes {@code city_seq_frame})
     * @param fileName {@code file_name} of its PNG
     * @param segments {@code segments_info}
     * @param line     line of the annotation in the JSON
     */
    public record Annotation(String imageId, String fileName, List<PanopticSegment> segments, int line) {
    }

    private static final JsonFactory JSON = new JsonFactory();

    private PanopticResultsJson() {
    }

    /**
     * @param annotations receives each well-formed annotation
     * @param problems    receives each malformed one (with its line); a malformed document ends the stream
     */
    public static void read(InputStream in, String source, Consumer<Annotation> annotations, Consumer<EvalProblem> problems) {
        try (JsonParser p = JSON.createParser(in)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                problems.accept(problem(source, line(p), "expected a JSON object with 'annotations', found " + p.currentToken()));
                return;
            }
            boolean found = false;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                p.nextToken();
                if (!name.equals("annotations")) {
                    p.skipChildren();
                    continue;
                }
                found = true;
                if (p.currentToken() != JsonToken.START_ARRAY) {
                    problems.accept(problem(source, line(p), "expected 'annotations' to be an array, found " + p.currentToken()));
                    return;
                }
                while (p.nextToken() == JsonToken.START_OBJECT) {
                    readAnnotation(p, source, annotations, problems);
                }
            }
            if (!found) {
                problems.accept(problem(source, 1, "no 'annotations' array: expected COCO panoptic results"));
            }
        } catch (JsonProcessingException e) {
            problems.accept(problem(source, e.getLocation() == null ? 0 : e.getLocation().getLineNr(),
                    "not valid JSON: " + e.getOriginalMessage()));
        } catch (IOException e) {
            throw new UncheckedIOException(source + ": cannot be read: " + e.getMessage(), e);
        }
    }

    private static void readAnnotation(JsonParser p, String source, Consumer<Annotation> out, Consumer<EvalProblem> problems)
            throws IOException {
        int line = line(p);
        String imageId = null;
        String fileName = null;
        List<PanopticSegment> segments = null;
        String bad = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken v = p.nextToken();
            switch (name) {
                case "image_id" -> imageId = v.isScalarValue() ? p.getValueAsString() : null;
                case "file_name" -> fileName = v == JsonToken.VALUE_STRING ? p.getText() : null;
                case "segments_info" -> {
                    if (v != JsonToken.START_ARRAY) {
                        bad = "segments_info is not an array";
                        p.skipChildren();
                        break;
                    }
                    segments = new ArrayList<>();
                    while (p.nextToken() == JsonToken.START_OBJECT) {
                        Long id = null;
                        Long category = null;
                        while (p.nextToken() == JsonToken.FIELD_NAME) {
                            String f = p.currentName();
                            JsonToken fv = p.nextToken();
                            if (f.equals("id") && fv == JsonToken.VALUE_NUMBER_INT) {
                                id = p.getLongValue();
                            } else if (f.equals("category_id") && fv == JsonToken.VALUE_NUMBER_INT) {
                                category = p.getLongValue();
                            } else {
                                p.skipChildren();
                            }
                        }
                        if (id == null || category == null) {
                            bad = "a segment lacks an integer 'id' or 'category_id'";
                        } else {
                            segments.add(new PanopticSegment(id, category));
                        }
                    }
                }
                default -> p.skipChildren();
            }
        }
        if (imageId == null || fileName == null || segments == null || bad != null) {
            problems.accept(problem(source, line, "annotation " + (imageId == null ? "without image_id" : "'" + imageId + "'")
                    + ": " + (bad != null ? bad : "expected image_id, file_name and segments_info")));
            return;
        }
        out.accept(new Annotation(imageId, fileName, List.copyOf(segments), line));
    }

    private static int line(JsonParser p) {
        return p.currentLocation() == null ? 0 : p.currentLocation().getLineNr();
    }

    private static EvalProblem problem(String source, int line, String reason) {
        return new EvalProblem(source, line, null, "panoptic", EvalProblem.BAD_LINE, reason);
    }

    /** Decodes an RGB(A) panoptic PNG to segment ids R + 256 G + 65536 B. */
    public static int[] decodeIds(byte[] png, String source) {
        var rgb = org.segpipe.core.png.PngImages.decodeRgbOrRgba(png, source);
        byte[] b = rgb.rgb();
        int[] ids = new int[rgb.width() * rgb.height()];
        for (int i = 0, j = 0; i < ids.length; i++, j += 3) {
            ids[i] = (b[j] & 0xFF) | ((b[j + 1] & 0xFF) << 8) | ((b[j + 2] & 0xFF) << 16);
        }
        return ids;
    }
}
