package dev.vmreplay.units;

import java.util.Collection;

/**
 * The "did you mean" hint for a mistyped name (a configuration key in a grid or in {@code --set},
 * a preset): the closest known name by edit distance, when it is close enough to be a typo.
 */
public final class DidYouMean {
    /** Edits (insert, delete, replace) a typo may be away from the name meant. */
    static final int MAX_EDITS = 3;

    private DidYouMean() {
    }

    /** {@code " (did you mean 'x'?)"}, or "" when no known name is close. Ties go to the first in {@code known}. */
    public static String hint(String typed, Collection<String> known) {
        String closest = null;
        int best = Integer.MAX_VALUE;
        for (String k : known) {
            int d = editDistance(typed, k);
            if (d < best) {
                best = d;
                closest = k;
            }
        }
        return closest != null && best <= MAX_EDITS ? " (did you mean '" + closest + "'?)" : "";
    }

    /** Levenshtein distance. */
    public static int editDistance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int sub = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                cur[j] = Math.min(sub, Math.min(prev[j] + 1, cur[j - 1] + 1));
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
