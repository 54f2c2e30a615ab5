package org.segpipe.core.results;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.segpipe.core.cityscapes.CityscapesLabels;
import org.segpipe.core.cityscapes.Label;

/**
 * Parses one instance results text file: lines {@code relative/mask.png labelId confidence}.
 *
 * <p>As the official reader: paths are relative to the text file's folder and must stay inside
 * the results root; the label id is read as {@code int(float(x))} (so {@code 26.0} is 26); a mask
 * listed twice keeps its first position and its last line's values. Stricter where the official
 * reader fails or guesses: fields may be separated by any whitespace, blank lines are skipped, a
 * non-integral label id, a non-finite confidence and a label id outside the table are reported
 * with file and line and the line is skipped. Label ids 11..18 name classes without instances; when
 * a file uses them it most likely holds train ids (person = 11 ... bicycle = 18), which is said.
 */
public final class InstanceResultsFile {

    /**
     * One usable line.
     *
     * @param line     1-based line number
     * @param maskPath resolved path of the mask
     * @param labelId  the class
     * @param score    the confidence
     */
    public record Line(int line, String maskPath, int labelId, double score) {
    }

    /** The usable lines in file order and the problems. */
    public record Parsed(List<Line> lines, List<EvalProblem> problems) {
    }

    private InstanceResultsFile() {
    }

    public static Parsed parse(String text, String txtPath, String resultsRoot, String imageKey) {
        List<EvalProblem> problems = new ArrayList<>();
        Map<String, Line> byPath = new LinkedHashMap<>();
        String folder = PathNames.parent(txtPath);
        String[] lines = text.split("\n", -1);
        TreeSet<Integer> trainLikeIds = new TreeSet<>();
        int firstTrainLikeLine = 0;
        for (int i = 0; i < lines.length; i++) {
            int lineNo = i + 1;
            String raw = lines[i].strip();
            if (raw.isEmpty()) {
                continue;
            }
            String[] f = raw.split("\\s+");
            if (f.length != 3) {
                problems.add(problem(txtPath, lineNo, imageKey, EvalProblem.BAD_LINE, "expected 3 fields "
                        + "'relPathPrediction labelIDPrediction confidencePrediction', found " + f.length + ": '" + abbreviate(raw) + "'"));
                continue;
            }
            String maskPath;
            try {
                maskPath = PathNames.resolveInside(folder, f[0], resultsRoot);
            } catch (IllegalArgumentException e) {
                problems.add(problem(txtPath, lineNo, imageKey, EvalProblem.PATH_OUTSIDE, e.getMessage()));
                continue;
            }
            double id;
            try {
                id = Double.parseDouble(f[1]);
            } catch (NumberFormatException e) {
                problems.add(problem(txtPath, lineNo, imageKey, EvalProblem.BAD_LINE, "label id '" + f[1] + "' is not a number"));
                continue;
            }
            if (!Double.isFinite(id) || id != Math.rint(id)) {
                problems.add(problem(txtPath, lineNo, imageKey, EvalProblem.BAD_LINE, "label id '" + f[1] + "' is not an integer"));
                continue;
            }
            if (id == -1) {
                continue; // license plate: in the label table, never evaluated (the official reader ignores it too)
            }
            if (!CityscapesLabels.isKnownId((int) id) || id > CityscapesLabels.MAX_LABEL_ID) {
                problems.add(problem(txtPath, lineNo, imageKey, EvalProblem.UNKNOWN_LABEL_ID, "label id " + f[1]
                        + " is not in the label table (expected 0.." + CityscapesLabels.MAX_LABEL_ID + ", e.g. person = 24)"));
                continue;
            }
            int labelId = (int) id;
            double score;
            try {
                score = Double.parseDouble(f[2]);
            } catch (NumberFormatException e) {
                problems.add(problem(txtPath, lineNo, imageKey, EvalProblem.BAD_LINE, "confidence '" + f[2] + "' is not a number"));
                continue;
            }
            if (!Double.isFinite(score)) {
                problems.add(problem(txtPath, lineNo, imageKey, EvalProblem.BAD_LINE, "confidence '" + f[2] + "' is not a finite number"));
                continue;
            }
            Label label = CityscapesLabels.byId(labelId);
            if (labelId >= 11 && labelId <= 18 && !label.hasInstances()) {
                if (trainLikeIds.isEmpty()) {
                    firstTrainLikeLine = lineNo;
                }
                trainLikeIds.add(labelId);
            }
            Line previous = byPath.get(maskPath);
            if (previous != null) {
                problems.add(problem(txtPath, lineNo, imageKey, EvalProblem.DUPLICATE, "mask " + f[0]
                        + " is listed again (first on line " + previous.line() + "); this line's class and confidence are used"));
                byPath.put(maskPath, new Line(previous.line(), maskPath, labelId, score));
            } else {
                byPath.put(maskPath, new Line(lineNo, maskPath, labelId, score));
            }
        }
        if (!trainLikeIds.isEmpty()) {
            problems.add(problem(txtPath, firstTrainLikeLine, imageKey, EvalProblem.TRAIN_IDS, "label ids " + trainLikeIds
                    + " name classes without instances (" + names(trainLikeIds) + "), so those lines are ignored; they look like "
                    + "train ids (person = 11 ... bicycle = 18) but the format expects label ids (person = 24 ... bicycle = 33)"));
        }
        return new Parsed(List.copyOf(byPath.values()), List.copyOf(problems));
    }

    private static String names(TreeSet<Integer> ids) {
        List<String> out = new ArrayList<>();
        for (int id : ids) {
            out.add(CityscapesLabels.byId(id).name());
        }
        return String.join(", ", out);
    }

    private static EvalProblem problem(String path, int line, String key, String kind, String reason) {
        return new EvalProblem(path, line, key, "instances", kind, reason);
    }

    private static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 77) + "...";
    }
}
