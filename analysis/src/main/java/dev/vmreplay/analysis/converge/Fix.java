package dev.vmreplay.analysis.converge;

import dev.vmreplay.engine.Metrics;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One change that makes a migration complete, with the run it gave.
 *
 * @param kind which search found it; fixes sort by kind, then by {@code factor}
 * @param key the configuration key changed
 * @param value its new value, as configuration text ({@code 1250ms}, {@code 412MiB/s}, {@code on})
 * @param alsoSet keys the change needs besides {@code key} (a faster link helps only without the bandwidth cap,
 *     so that search lifts the cap too); empty for a single key
 * @param factor new value / the preset's value, >= 1 for the numeric searches; 1 for a switch
 * @param result the replay with the change, which completed
 */
public record Fix(FixKind kind, String key, String value, Map<String, String> alsoSet, double factor, Metrics result) {
    public Fix {
        alsoSet = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(alsoSet));
        if (!(factor > 0)) {
            throw new IllegalArgumentException("factor must be > 0, was " + factor);
        }
    }

    /** Every override the change applies: {@code alsoSet}, then {@code key=value}. */
    public Map<String, String> overrides() {
        Map<String, String> m = new LinkedHashMap<>(alsoSet);
        m.put(key, value);
        return m;
    }

    /** {@code key=value}, with the keys it also needs: {@code link.bandwidth=40Gbit/s (with precopy.max-bandwidth=unlimited)}. */
    public String change() {
        StringBuilder sb = new StringBuilder(key).append('=').append(value);
        if (!alsoSet.isEmpty()) {
            StringBuilder also = new StringBuilder();
            for (Map.Entry<String, String> e : alsoSet.entrySet()) {
                also.append(also.length() == 0 ? "" : ", ").append(e.getKey()).append('=').append(e.getValue());
            }
            sb.append(" (with ").append(also).append(')');
        }
        return sb.toString();
    }
}
