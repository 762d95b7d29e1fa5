package io.dockmedic.core.mining;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A check that needs no labels: a template whose bare {@code <*>} has taken many differently shaped
 * tokens has probably swallowed several events. The shape of a masked token is its text with every run
 * of word characters read as {@code w} ({@link #shape}), placeholders and punctuation kept: user names,
 * host names and ids all have the shape {@code w}, but {@code retries=<NUM>,timeout=<DURATION>},
 * {@code w:w=<PATH>} and {@code <NUM>} under one {@code <*>} are different things.
 */
public final class Overgeneralization {

    /** Distinct shapes under one {@code <*>} from which a template is reported. */
    public static final int DEFAULT_MIN_SHAPES = 4;

    /** Examples kept per finding. */
    private static final int EXAMPLES = 4;

    /**
     * One suspicious position.
     *
     * @param templateId the template's id
     * @param template the template
     * @param position the 0-based token position of the {@code <*>}
     * @param shapes distinct shapes seen there
     * @param examples a few of the masked tokens seen there, one per shape
     */
    public record Finding(String templateId, String template, int position, int shapes, List<String> examples) {

        public Finding {
            examples = List.copyOf(examples);
        }
    }

    private final Masker masker;
    private final int minShapes;
    /** Shapes per template id and position, with one example token each. */
    private final Map<String, Map<Integer, Map<String, String>>> seen = new HashMap<>();
    private final Map<String, String> templates = new LinkedHashMap<>();

    /** A check with the default miner's masking that reports from {@code minShapes} shapes. */
    public Overgeneralization(int minShapes) {
        this.masker = new Masker();
        this.minShapes = minShapes;
    }

    /**
     * Records a message and the template it ended in (resolve absorbed ids first). Messages whose masked
     * form does not have the template's token count are skipped.
     */
    public void add(String message, String templateId, String template) {
        templates.put(templateId, template);
        String[] t = template.isEmpty() ? new String[0] : template.split(" ");
        List<String> m = masker.tokens(message);
        if (m.size() != t.length) {
            return;
        }
        for (int i = 0; i < t.length; i++) {
            if (Masker.ANY.equals(t[i])) {
                Map<String, String> shapes = seen.computeIfAbsent(templateId, k -> new HashMap<>())
                        .computeIfAbsent(i, k -> new LinkedHashMap<>());
                if (shapes.size() <= 64) { // enough to report; bounds the memory of a huge input
                    shapes.putIfAbsent(shape(m.get(i)), m.get(i));
                }
            }
        }
    }

    /** The positions that took at least {@code minShapes} shapes, most shapes first. */
    public List<Finding> findings() {
        List<Finding> out = new ArrayList<>();
        seen.forEach((id, positions) -> positions.forEach((position, shapes) -> {
            if (shapes.size() >= minShapes) {
                Set<String> examples = new LinkedHashSet<>(shapes.values());
                out.add(new Finding(id, templates.get(id), position, shapes.size(),
                        examples.stream().limit(EXAMPLES).toList()));
            }
        }));
        out.sort(Comparator.comparingInt(Finding::shapes).reversed().thenComparing(Finding::templateId));
        return out;
    }

    /**
     * Each run of letters, digits, '.', '-' and '_' as {@code w} (a run of digits alone as {@code 9}),
     * placeholders and other characters as they are: host names, user names and ids all have the shape
     * {@code w}, while {@code a=<NUM>,b=<NUM>} and {@code w:w=<PATH>} keep their structure.
     */
    static String shape(String token) {
        StringBuilder out = new StringBuilder();
        int n = token.length();
        int k = 0;
        while (k < n) {
            char c = token.charAt(k);
            if (c == '<') {
                int end = token.indexOf('>', k);
                if (end > k + 1 && isPlaceholder(token, k, end)) {
                    out.append(token, k, end + 1);
                    k = end + 1;
                    continue;
                }
            }
            if (isWordChar(c)) {
                boolean digitsOnly = true;
                while (k < n && isWordChar(token.charAt(k))) {
                    digitsOnly &= Character.isDigit(token.charAt(k));
                    k++;
                }
                out.append(digitsOnly ? '9' : 'w');
                continue;
            }
            out.append(c);
            k++;
        }
        return out.toString();
    }

    private static boolean isWordChar(char c) {
        return Character.isLetterOrDigit(c) || c == '.' || c == '-' || c == '_';
    }

    private static boolean isPlaceholder(String token, int open, int close) {
        for (int k = open + 1; k < close; k++) {
            char c = token.charAt(k);
            if (c != '*' && (c < 'A' || c > 'Z')) {
                return false;
            }
        }
        return true;
    }
}
