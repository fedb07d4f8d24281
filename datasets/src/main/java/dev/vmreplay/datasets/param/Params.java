package dev.vmreplay.datasets.param;

import dev.vmreplay.units.Quantity;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Values for a list of {@link ParamSpec}s: the user's {@code key=value} pairs over the defaults.
 * Unknown keys and unparsable values are rejected up front, naming the key.
 */
public final class Params {
    private final String owner;
    private final Map<String, ParamSpec> specs = new LinkedHashMap<>();
    private final Map<String, String> values = new LinkedHashMap<>();

    /**
     * @param owner what the parameters belong to, for messages ("workload hot-cold")
     * @param declared the parameters the owner accepts, in the order {@code --list} shows them
     * @param given the user's values; keys must be declared
     */
    public Params(String owner, List<ParamSpec> declared, Map<String, String> given) {
        this.owner = owner;
        for (ParamSpec p : declared) {
            specs.put(p.name(), p);
            values.put(p.name(), p.defaultValue());
        }
        for (Map.Entry<String, String> e : given.entrySet()) {
            if (!specs.containsKey(e.getKey())) {
                throw new IllegalArgumentException("unknown parameter '" + e.getKey() + "' for " + owner
                        + "; known: " + String.join(", ", specs.keySet()));
            }
            values.put(e.getKey(), e.getValue());
        }
        // Parse every value once now so a typo fails before any output is written.
        for (ParamSpec p : declared) {
            checkParses(p);
        }
    }

    /** Parses {@code key=value} strings as typed after {@code --param}. */
    public static Map<String, String> parsePairs(List<String> pairs) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String pair : pairs) {
            int eq = pair.indexOf('=');
            if (eq <= 0 || eq == pair.length() - 1) {
                throw new IllegalArgumentException("--param: expected key=value, got '" + pair + "'");
            }
            String key = pair.substring(0, eq).trim();
            if (out.put(key, pair.substring(eq + 1).trim()) != null) {
                throw new IllegalArgumentException("--param: '" + key + "' given twice");
            }
        }
        return out;
    }

    private void checkParses(ParamSpec p) {
        switch (p.kind()) {
            case SIZE -> bytes(p.name(), 1L << 40);
            case RATE -> rate(p.name());
            case DURATION -> durationNanos(p.name());
            case FRACTION -> fraction(p.name());
            case NUMBER -> number(p.name());
            case INTEGER -> integer(p.name());
            case CHOICE -> choice(p.name());
            default -> throw new IllegalStateException(p.kind().toString());
        }
    }

    private String raw(String name, ParamSpec.Kind kind) {
        ParamSpec p = specs.get(name);
        if (p == null || p.kind() != kind) {
            throw new IllegalStateException(owner + " reads undeclared " + kind + " parameter " + name);
        }
        return values.get(name);
    }

    private String field(String name) {
        return owner + " parameter " + name;
    }

    /** Bytes; a percentage is a share of {@code memoryBytes}, rounded down to 4 KiB. */
    public long bytes(String name, long memoryBytes) {
        String v = raw(name, ParamSpec.Kind.SIZE);
        if (v.trim().endsWith("%")) {
            double share = Quantity.parseFraction(field(name), v);
            return ((long) (share * memoryBytes)) & ~4095L;
        }
        return Quantity.parseBytes(field(name), v);
    }

    /** Events per second; byte rates are read as 4 KiB pages per second. */
    public double rate(String name) {
        return Quantity.parseEventsPerSecond(field(name), raw(name, ParamSpec.Kind.RATE), 4096);
    }

    public long durationNanos(String name) {
        return Quantity.parseDurationNanos(field(name), raw(name, ParamSpec.Kind.DURATION));
    }

    public double fraction(String name) {
        return Quantity.parseFraction(field(name), raw(name, ParamSpec.Kind.FRACTION));
    }

    public double number(String name) {
        String v = raw(name, ParamSpec.Kind.NUMBER).trim();
        try {
            double d = Double.parseDouble(v.replace("_", ""));
            if (Double.isFinite(d)) {
                return d;
            }
        } catch (NumberFormatException e) {
            // reported below with the parameter's name
        }
        throw new IllegalArgumentException(field(name) + ": '" + v + "' is not a number");
    }

    public long integer(String name) {
        String v = raw(name, ParamSpec.Kind.INTEGER).trim();
        try {
            return Long.parseLong(v.replace("_", ""));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(field(name) + ": '" + v + "' is not a whole number");
        }
    }

    public String choice(String name) {
        String v = raw(name, ParamSpec.Kind.CHOICE).trim();
        if (!specs.get(name).choices().contains(v)) {
            throw new IllegalArgumentException(field(name) + ": '" + v + "' is not one of " + specs.get(name).choices());
        }
        return v;
    }

    /** Every parameter with its effective value, in declaration order: what provenance records. */
    public Map<String, Object> effective() {
        return Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    public List<String> names() {
        return new ArrayList<>(specs.keySet());
    }
}
