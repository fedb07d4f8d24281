package dev.vmreplay.engine.config;

import dev.vmreplay.engine.MigrationConfig;
import dev.vmreplay.units.Quantity;
import java.util.ArrayList;
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
 * @param codec how the canonical text becomes the value the spec holds, and back
 * @param targets the spec components the value fills (the first is the one printed); a key
 *     declared without one is an error when the registry loads
 */
public record ConfigKey(String name, Kind kind, String defaultText, double min, double max,
                        List<String> choices, String specialWord, long specialValue, String description,
                        Codec codec, List<Target> targets) {

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
        Objects.requireNonNull(codec, "codec");
        targets = List.copyOf(targets);
    }

    /**
     * A record component a key's value fills: component {@code index} of the spec {@code spec}.
     *
     * @param spec the spec group
     * @param index the component's position in the spec record
     */
    public record Target(SpecType<?> spec, int index) {
        public Target {
            Objects.requireNonNull(spec, "spec");
            if (index < 0 || index >= spec.componentCount()) {
                throw new IllegalArgumentException("no component " + index + " in " + spec);
            }
        }

        /** The component of {@code spec} called {@code component}. */
        public static Target of(SpecType<?> spec, String component) {
            return new Target(spec, spec.indexOf(component));
        }

        public String componentName() {
            return spec.componentName(index);
        }

        Object read(MigrationConfig config) {
            return read(spec, config);
        }

        private <R extends Record> Object read(SpecType<R> type, MigrationConfig config) {
            return type.read(type.in(config), index);
        }
    }

    /**
     * How a key's canonical text becomes the value its spec component holds (a {@code long} in base
     * units, a fraction, a flag, an enum constant) and how that value prints back as canonical text.
     */
    public interface Codec {
        /** Value of valid, canonical {@code text}. */
        Object parse(ConfigKey key, String text);

        /** Canonical text of a component value; {@code parse(format(v))} equals {@code v}. */
        String format(ConfigKey key, Object value);

        /** Whether a record component of type {@code type} holds this codec's values. */
        boolean fits(Class<?> type);

        /** Numbers in the key's unit (ns, bytes, bytes/s, count), held as {@code long} or {@code int}. */
        Codec NUMBER = new Codec() {
            @Override
            public Object parse(ConfigKey key, String text) {
                return key.longValue(text);
            }

            @Override
            public String format(ConfigKey key, Object value) {
                return key.format(((Number) value).longValue());
            }

            @Override
            public boolean fits(Class<?> type) {
                return type == long.class || type == int.class;
            }
        };

        /** A fraction 0..1, held as {@code double}. */
        Codec FRACTION = new Codec() {
            @Override
            public Object parse(ConfigKey key, String text) {
                return key.fractionValue(text);
            }

            @Override
            public String format(ConfigKey key, Object value) {
                return Quantity.formatFraction((Double) value);
            }

            @Override
            public boolean fits(Class<?> type) {
                return type == double.class;
            }
        };

        /** {@code on}/{@code off}, held as {@code boolean}. */
        Codec FLAG = new Codec() {
            @Override
            public Object parse(ConfigKey key, String text) {
                return key.booleanValue(text);
            }

            @Override
            public String format(ConfigKey key, Object value) {
                return (Boolean) value ? "on" : "off";
            }

            @Override
            public boolean fits(Class<?> type) {
                return type == boolean.class;
            }
        };

        /** A size written as one of the choices ({@code 2MiB}), held as {@code long} bytes. */
        Codec BYTES = new Codec() {
            @Override
            public Object parse(ConfigKey key, String text) {
                return Quantity.parseBytes(key.canonical(text));
            }

            @Override
            public String format(ConfigKey key, Object value) {
                return Quantity.formatBytes((Long) value);
            }

            @Override
            public boolean fits(Class<?> type) {
                return type == long.class;
            }
        };

        /** The constants of a {@link ConfigChoice} enum, held as the constant. */
        static <E extends Enum<E> & ConfigChoice> Codec choice(Class<E> type) {
            return new Codec() {
                @Override
                public Object parse(ConfigKey key, String text) {
                    return ConfigChoice.parse(type, key.name(), text);
                }

                @Override
                public String format(ConfigKey key, Object value) {
                    return type.cast(value).configName();
                }

                @Override
                public boolean fits(Class<?> t) {
                    return t == type;
                }
            };
        }
    }

    /** This key also filling component {@code component} of {@code spec}. */
    public ConfigKey to(SpecType<?> spec, String component) {
        List<Target> t = new ArrayList<>(targets);
        t.add(Target.of(spec, component));
        return new ConfigKey(name, kind, defaultText, min, max, choices, specialWord, specialValue, description, codec, t);
    }

    /**
     * The value {@code text} stands for, as the spec component holds it.
     *
     * @throws IllegalArgumentException naming the key, the value and the allowed range
     */
    public Object value(String text) {
        return codec.parse(this, canonical(text));
    }

    /** Canonical text of this key's value in {@code config}. */
    public String text(MigrationConfig config) {
        return codec.format(this, targets.get(0).read(config));
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
        return invalid(name, value, why, allowedText());
    }

    /** The one wording of a bad value, for every kind of key: the CLI prints it as it is. */
    static IllegalArgumentException invalid(String key, String value, String why, String allowed) {
        return new IllegalArgumentException("configuration key '" + key + "': invalid value '" + value + "' ("
                + why + "); allowed: " + allowed);
    }
}
