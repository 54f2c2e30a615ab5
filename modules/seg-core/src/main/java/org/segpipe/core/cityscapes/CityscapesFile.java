package org.segpipe.core.cityscapes;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A file name of the Cityscapes grammar {@code {city}_{seq:06d}_{frame:06d}_{type}{suffix}}.
 *
 * @param key         the frame
 * @param role        what the file holds
 * @param annotations the annotation set for annotation files; null for images
 */
public record CityscapesFile(SampleKey key, FileRole role, AnnotationSet annotations) {

    private static final Pattern NAME = Pattern.compile(
            "(" + SampleKey.CITY_PATTERN + ")_(\\d{6})_(\\d{6})_(leftImg8bit|gtFine|gtCoarse)(.*)");

    public CityscapesFile {
        if (role.isAnnotation() == (annotations == null)) {
            throw new IllegalArgumentException(role + " files " + (role.isAnnotation() ? "need" : "have no")
                    + " annotation set");
        }
    }

    public static CityscapesFile image(SampleKey key) {
        return new CityscapesFile(key, FileRole.IMAGE, null);
    }

    public static CityscapesFile annotation(SampleKey key, AnnotationSet annotations, FileRole role) {
        return new CityscapesFile(key, role, annotations);
    }

    public String fileName() {
        return key + "_" + role.typeToken(annotations) + role.suffix();
    }

    /** The top-level folder this file lives under: {@code leftImg8bit}, {@code gtFine} or {@code gtCoarse}. */
    public String topFolder() {
        return role.typeToken(annotations);
    }

    /** Parses a bare file name; the exception says what was expected and what was found. */
    public static CityscapesFile parse(String fileName) {
        Matcher m = NAME.matcher(fileName);
        if (!m.matches()) {
            throw new FileNameException(fileName,
                    "expected {city}_{seq:06d}_{frame:06d}_{leftImg8bit|gtFine|gtCoarse}{suffix}");
        }
        SampleKey key = new SampleKey(m.group(1), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
        String type = m.group(4);
        String suffix = m.group(5);
        if (type.equals("leftImg8bit")) {
            if (!suffix.equals(FileRole.IMAGE.suffix())) {
                throw new FileNameException(fileName, "expected suffix '.png' after leftImg8bit, found '" + suffix + "'");
            }
            return image(key);
        }
        AnnotationSet annotations = AnnotationSet.fromName(type);
        for (FileRole role : FileRole.values()) {
            if (role.isAnnotation() && role.suffix().equals(suffix)) {
                return annotation(key, annotations, role);
            }
        }
        throw new FileNameException(fileName, "expected one of the suffixes _labelIds.png, _instanceIds.png, "
                + "_color.png, _polygons.json, _labelTrainIds.png, _instanceTrainIds.png after " + type
                + ", found '" + suffix + "'");
    }
}
