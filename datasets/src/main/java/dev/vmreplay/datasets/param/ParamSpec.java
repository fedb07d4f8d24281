package dev.vmreplay.datasets.param;

import java.util.List;
import java.util.Objects;

/**
 * One declared parameter of a generator or importer.
 *
 * @param name key as typed after {@code --param}, e.g. {@code rate}
 * @param kind how the value is parsed
 * @param defaultValue value used when the user gives none, in the same text form
 * @param description one line for {@code --list}, naming the unit
 * @param choices allowed values for {@link Kind#CHOICE}, empty otherwise
 */
public record ParamSpec(String name, Kind kind, String defaultValue, String description, List<String> choices) {
    /** How a parameter value is read. */
    public enum Kind {
        /** Bytes ({@code 2MiB}); {@code 25%} means a share of guest memory. */
        SIZE,
        /** Events per second ({@code 50k/s}) or bytes per second of 4 KiB pages ({@code 200MiB/s}). */
        RATE,
        /** A duration ({@code 200ms}). */
        DURATION,
        /** 0..1 ({@code 0.3} or {@code 30%}). */
        FRACTION,
        /** A real number. */
        NUMBER,
        /** A whole number. */
        INTEGER,
        /** One of {@link #choices()}. */
        CHOICE
    }

    public ParamSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(defaultValue, "defaultValue");
        Objects.requireNonNull(description, "description");
        choices = List.copyOf(choices);
        if (kind == Kind.CHOICE && !choices.contains(defaultValue)) {
            throw new IllegalArgumentException("default '" + defaultValue + "' of " + name + " is not among " + choices);
        }
    }

    public static ParamSpec of(String name, Kind kind, String defaultValue, String description) {
        return new ParamSpec(name, kind, defaultValue, description, List.of());
    }

    public static ParamSpec choice(String name, String defaultValue, String description, String... choices) {
        return new ParamSpec(name, Kind.CHOICE, defaultValue, description, List.of(choices));
    }
}
