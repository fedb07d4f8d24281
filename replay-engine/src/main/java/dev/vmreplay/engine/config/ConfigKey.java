package dev.vmreplay.engine.config;

import dev.vmreplay.units.Quantity;
import java.util.List;
import java.util.Objects;

/**
 * One configuration key: its type and unit, default, allowed range and where the default comes from.
 * Numeric values are held in base units (ns, bytes, bytes/s, count); a special word (such as
 * {@code unlimited} or {@code all}) stands for {@link #specialValue()}.
 *
 * @param name dotted key, as written after {@code --set}
 * @param kind value type
 * @param defaultText the default, as it would be written on the command line
 * @param min smallest allowed value in base units (numeric kinds)
 * @param max largest allowed value in base units (numeric kinds)
 * @param choices allowed words ({@link Kind#CHOICE})
 * @param specialWord a word accepted besides numbers ({@code unlimited}, {@code all}), or null
 * @param specialValue the base-unit value the special word stands for
 * @param description what the key means and where its default comes from
 */
public record ConfigKey(String name, Kind kind, String defaultText, double min, double max,
                        List<String> choices, String specialWord, long specialValue, String description) {

    /** Value types. */
    public enum Kind {
        DURATION("duration"), SIZE("size"), RATE("rate"), COUNT("count"), COUNT_RATE("count/s"), FRACTION("fraction 0..1"),
        CHOICE("choice"), BOOLEAN("on|off");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    public ConfigKey {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(defaultText, "defaultText");
        choices = List.copyOf(choices);
        Objects.requireNonNull(description, "description");
    }

    /** The allowed values, in words: the range with units, or the list of choices. */
    public String allowedText() {
        switch (kind) {
            case CHOICE:
                return String.join(" | ", choices);
            case BOOLEAN:
                return "on | off";
            case FRACTION:
                return Quantity.formatFraction(min) + ".." + Quantity.formatFraction(max);
            default:
                String range = format((long) min) + ".." + format((long) max);
                return specialWord == null ? range : range + " or " + specialWord;
        }
    }

    /**
     * Validates {@code text} and returns it in canonical form (the form {@code effectiveSettings()} prints).
     *
     * @throws IllegalArgumentException naming the key, the value and the allowed range
     */
    public String canonical(String text) {
        String t = text == null ? "" : text.trim();
        try {
            switch (kind) {
                case CHOICE:
                    for (String c : choices) {
                        if (c.equalsIgnoreCase(t)) {
                            return c; // like unit names, choices ignore case: 2mib is 2MiB
                        }
                    }
                    throw bad(text, "not one of the choices");
                case BOOLEAN:
                    return parseBoolean(t) ? "on" : "off";
                case FRACTION: {
                    double v = Quantity.parseFraction(t);
                    if (!(v >= min && v <= max)) {
                        throw bad(text, "out of range");
                    }
                    return Quantity.formatFraction(v);
                }
                default: {
                    if (specialWord != null && t.equals(specialWord)) {
                        return specialWord;
                    }
                    long v = parseNumber(t);
                    if (v < min || v > max) {
                        throw bad(text, "out of range");
                    }
                    return format(v);
                }
            }
        } catch (NumberFormatException e) {
            throw bad(text, e.getMessage());
        }
    }

    /** Base-unit value of a canonical (or any valid) text; the special word gives {@link #specialValue()}. */
    public long longValue(String text) {
        String t = canonical(text);
        if (specialWord != null && t.equals(specialWord)) {
            return specialValue;
        }
        return parseNumber(t);
    }

    public double fractionValue(String text) {
        return Quantity.parseFraction(canonical(text));
    }

    public boolean booleanValue(String text) {
        return canonical(text).equals("on");
    }

    /** Checks a base-unit value against the range (for values built in code, not parsed). */
    public void checkRange(long value) {
        if (specialWord != null && value == specialValue) {
            return;
        }
        if (value < min || value > max) {
            throw bad(format(value), "out of range");
        }
    }

    public void checkRange(double value) {
        if (!(value >= min && value <= max)) {
            throw bad(Quantity.formatFraction(value), "out of range");
        }
    }

    /** Prints a base-unit value with this key's unit. */
    public String format(long value) {
        if (specialWord != null && value == specialValue) {
            return specialWord;
        }
        switch (kind) {
            case DURATION: return Quantity.formatDurationNanos(value);
            case SIZE: return Quantity.formatBytes(value);
            case RATE: return Quantity.formatBytesPerSecond(value);
            default: return Long.toString(value);
        }
    }

    private long parseNumber(String t) {
        switch (kind) {
            case DURATION: return Quantity.parseDurationNanos(t);
            case SIZE: return Quantity.parseBytes(t);
            case RATE: return Quantity.parseBytesPerSecond(t);
            case COUNT:
            case COUNT_RATE: {
                String s = t.endsWith("/s") ? t.substring(0, t.length() - 2) : t;
                return Quantity.parseCount(s);
            }
            default: throw new IllegalStateException(kind.name());
        }
    }

    private static boolean parseBoolean(String t) {
        switch (t) {
            case "on": case "true": case "yes": return true;
            case "off": case "false": case "no": return false;
            default: throw new NumberFormatException("not on/off");
        }
    }

    private IllegalArgumentException bad(String value, String why) {
        return new IllegalArgumentException("configuration key '" + name + "': invalid value '" + value + "' ("
                + why + "); allowed: " + allowedText());
    }
}
