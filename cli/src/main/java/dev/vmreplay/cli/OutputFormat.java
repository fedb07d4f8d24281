package dev.vmreplay.cli;

import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** How a command prints its result on stdout. */
public enum OutputFormat {
    /** Aligned text for people. */
    TABLE,
    /** JSON for scripts: stable key order, deterministic numbers. */
    JSON;

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses the lower-case names shown in help, case-insensitively. */
    public static final class Converter implements ITypeConverter<OutputFormat> {
        @Override
        public OutputFormat convert(String text) {
            for (OutputFormat f : values()) {
                if (f.toString().equalsIgnoreCase(text.strip())) {
                    return f;
                }
            }
            throw new TypeConversionException("expected one of " + java.util.Arrays.toString(values())
                    + ", was '" + text + "'");
        }
    }
}
