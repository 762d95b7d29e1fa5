package io.dockmedic.core.mining;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How well a grouping of lines matches the true grouping: grouping accuracy (GA) and the
 * template-level F1 of Loghub-2.0 (FGA).
 *
 * @param ga lines whose predicted group is exactly their true group, over all lines
 * @param fga harmonic mean of precision and recall of groups, a predicted group counting as correct
 *     when its lines are exactly the lines of one true group
 * @param predictedGroups distinct predicted templates
 * @param trueGroups distinct true templates
 * @param correctGroups predicted groups that equal a true group
 */
public record GroupingAccuracy(double ga, double fga, int predictedGroups, int trueGroups, int correctGroups) {

    /** Compares the predicted label of each line with its true label; both lists in line order. */
    public static GroupingAccuracy of(List<String> truth, List<String> predicted) {
        if (truth.size() != predicted.size()) {
            throw new IllegalArgumentException(
                    "truth has " + truth.size() + " lines but prediction has " + predicted.size());
        }
        Map<String, Integer> trueSize = new HashMap<>();
        for (String label : truth) {
            trueSize.merge(label, 1, Integer::sum);
        }
        Map<String, Group> groups = new HashMap<>();
        for (int i = 0; i < truth.size(); i++) {
            groups.computeIfAbsent(predicted.get(i), k -> new Group()).add(truth.get(i));
        }
        long correctLines = 0;
        int correctGroups = 0;
        for (Group g : groups.values()) {
            if (g.pure && g.size == trueSize.get(g.trueLabel)) {
                correctLines += g.size;
                correctGroups++;
            }
        }
        double ga = truth.isEmpty() ? 1 : (double) correctLines / truth.size();
        double precision = groups.isEmpty() ? 0 : (double) correctGroups / groups.size();
        double recall = trueSize.isEmpty() ? 0 : (double) correctGroups / trueSize.size();
        double fga = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
        if (truth.isEmpty()) {
            fga = 1;
        }
        return new GroupingAccuracy(ga, fga, groups.size(), trueSize.size(), correctGroups);
    }

    /** The lines given one predicted label: pure while they all share one true label. */
    private static final class Group {
        String trueLabel;
        int size;
        boolean pure = true;

        void add(String label) {
            if (trueLabel == null) {
                trueLabel = label;
            } else if (!trueLabel.equals(label)) {
                pure = false;
            }
            size++;
        }
    }
}
