package org.segpipe.core.cityscapes;

/**
 * A Cityscapes file at its place in a tree: {@code {root}/{top}/{split}/{city}/{fileName}}.
 *
 * @param path  the full path or URI as given
 * @param split the split folder it sits in
 * @param file  the parsed file name
 */
public record LocatedFile(String path, Split split, CityscapesFile file) {

    /**
     * Parses a path of the Cityscapes layout. The last four segments must be the top folder
     * (matching the type token), the split, the city (matching the name's city) and the name.
     */
    public static LocatedFile parse(String path) {
        String[] parts = path.split("/");
        int n = parts.length;
        if (n < 4) {
            throw new FileNameException(path, "expected {root}/{leftImg8bit|gtFine|gtCoarse}/{split}/{city}/{file}");
        }
        CityscapesFile file = CityscapesFile.parse(parts[n - 1]);
        String top = parts[n - 4];
        String splitName = parts[n - 3];
        String city = parts[n - 2];
        if (!top.equals(file.topFolder())) {
            throw new FileNameException(path, "expected the file under folder '" + file.topFolder()
                    + "', found it under '" + top + "'");
        }
        if (!Split.isSplitName(splitName)) {
            throw new FileNameException(path, "expected a split folder (train, val, test, train_extra), found '"
                    + splitName + "'");
        }
        if (!city.equals(file.key().city())) {
            throw new FileNameException(path, "expected the file in city folder '" + file.key().city()
                    + "', found it in '" + city + "'");
        }
        return new LocatedFile(path, Split.fromFolderName(splitName), file);
    }

    /** The path of this file relative to a dataset root. */
    public static String relativePath(Split split, CityscapesFile file) {
        return file.topFolder() + "/" + split.folderName() + "/" + file.key().city() + "/" + file.fileName();
    }

    /** The dataset root this file sits in (everything before the top folder), without trailing slash. */
    public String root() {
        String rel = relativePath(split, file);
        return path.substring(0, path.length() - rel.length() - (path.length() > rel.length() ? 1 : 0));
    }
}
