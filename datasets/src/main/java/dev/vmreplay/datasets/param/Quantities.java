package dev.vmreplay.datasets.param;

import java.util.Locale;

/**
 * Parses quantities with units, as users type them on the command line. Every parse failure is an
 * {@link IllegalArgumentException} naming the field, the value and what was expected.
 *
 * <p>Sizes: {@code B}, {@code KiB}/{@code MiB}/{@code GiB}/{@code TiB} (powers of 1024) and
 * {@code kB}/{@code MB}/{@code GB}/{@code TB} (powers of 1000). Durations: {@code ns}, {@code us},
 * {@code ms}, {@code s}, {@code min}, {@code h}. Rates: a count per second ({@code 50000/s},
 * {@code 50k/s}, {@code 1.5M/s}) or bytes per second ({@code 200MiB/s}, read as 4 KiB pages or
 * bytes depending on the caller). Fractions: {@code 0.3} or {@code 30%}. A bare {@code 0} is
 * accepted for any quantity.
 */
public final class Quantities {
    private Quantities() {
    }

    /** Bytes from a size like {@code 64GiB}; a bare number is bytes. */
    public static long parseBytes(String field, String text) {
        String s = trimmed(field, text);
        int split = unitStart(s);
        double number = number(field, s, split);
        String unit = s.substring(split).trim();
        long multiplier = switch (unit) {
            case "", "B" -> 1L;
            case "KiB", "K", "k" -> 1L << 10;
            case "MiB", "M" -> 1L << 20;
            case "GiB", "G" -> 1L << 30;
            case "TiB", "T" -> 1L << 40;
            case "kB", "KB" -> 1000L;
            case "MB" -> 1000_000L;
            case "GB" -> 1000_000_000L;
            case "TB" -> 1000_000_000_000L;
            default -> throw new IllegalArgumentException(field + ": unknown size unit '" + unit + "' in '" + text
                    + "' (use B, KiB, MiB, GiB, TiB, kB, MB, GB, TB)");
        };
        double bytes = number * multiplier;
        if (bytes < 0 || bytes > Long.MAX_VALUE || bytes != Math.rint(bytes)) {
            throw new IllegalArgumentException(field + ": size '" + text + "' is not a whole, non-negative number of bytes");
        }
        return (long) bytes;
    }

    /** Nanoseconds from a duration like {@code 60s}, {@code 100ms}, {@code 1.5us}. */
    public static long parseDurationNanos(String field, String text) {
        String s = trimmed(field, text);
        int split = unitStart(s);
        double number = number(field, s, split);
        String unit = s.substring(split).trim();
        double nanosPerUnit = switch (unit) {
            case "ns" -> 1;
            case "us", "µs" -> 1e3;
            case "ms" -> 1e6;
            case "s" -> 1e9;
            case "min", "m" -> 60e9;
            case "h" -> 3600e9;
            case "" -> {
                if (number == 0) {
                    yield 1;
                }
                throw new IllegalArgumentException(field + ": duration '" + text + "' needs a unit (ns, us, ms, s, min, h)");
            }
            default -> throw new IllegalArgumentException(field + ": unknown duration unit '" + unit + "' in '" + text
                    + "' (use ns, us, ms, s, min, h)");
        };
        double nanos = Math.rint(number * nanosPerUnit);
        if (nanos < 0 || nanos > Long.MAX_VALUE) {
            throw new IllegalArgumentException(field + ": duration '" + text + "' must be >= 0 and fit in 292 years");
        }
        return (long) nanos;
    }

    /**
     * Events per second from a rate. A count rate ({@code 50k/s}, {@code 20000/s}, {@code 20000}) is
     * returned as is; a byte rate ({@code 200MiB/s}) is divided by {@code bytesPerEvent}.
     */
    public static double parseRatePerSecond(String field, String text, long bytesPerEvent) {
        String s = trimmed(field, text);
        String body = s.endsWith("/s") ? s.substring(0, s.length() - 2).trim() : s;
        int split = unitStart(body);
        double number = number(field, body, split);
        String unit = body.substring(split).trim();
        double perSecond;
        switch (unit) {
            case "" -> perSecond = number;
            case "k", "K" -> perSecond = number * 1e3;
            case "M" -> perSecond = number * 1e6;
            case "G" -> perSecond = number * 1e9;
            default -> {
                long bytes;
                try {
                    bytes = parseBytes(field, "1" + unit);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(field + ": unknown rate unit '" + unit + "' in '" + text
                            + "' (use a count per second like 50k/s, or bytes per second like 200MiB/s)");
                }
                perSecond = number * bytes / bytesPerEvent;
            }
        }
        if (!(perSecond >= 0) || Double.isInfinite(perSecond)) {
            throw new IllegalArgumentException(field + ": rate '" + text + "' must be >= 0");
        }
        return perSecond;
    }

    /** A fraction 0..1 from {@code 0.3} or {@code 30%}. */
    public static double parseFraction(String field, String text) {
        String s = trimmed(field, text);
        double value;
        if (s.endsWith("%")) {
            value = number(field, s.substring(0, s.length() - 1).trim(), s.length() - 1) / 100.0;
        } else {
            value = number(field, s, s.length());
        }
        if (!(value >= 0 && value <= 1)) {
            throw new IllegalArgumentException(field + ": '" + text + "' must be a fraction in 0..1 (or 0%..100%)");
        }
        return value;
    }

    /** A plain decimal number. */
    public static double parseNumber(String field, String text) {
        String s = trimmed(field, text);
        return number(field, s, s.length());
    }

    /** Formats bytes the way users type them: the largest binary unit that divides exactly. */
    public static String formatBytes(long bytes) {
        String[] units = {"TiB", "GiB", "MiB", "KiB"};
        int[] shifts = {40, 30, 20, 10};
        for (int i = 0; i < units.length; i++) {
            long unit = 1L << shifts[i];
            if (bytes >= unit && bytes % unit == 0) {
                return (bytes / unit) + units[i];
            }
        }
        return bytes + "B";
    }

    private static String trimmed(String field, String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException(field + ": empty value");
        }
        return text.trim();
    }

    private static int unitStart(String s) {
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            boolean numeric = (c >= '0' && c <= '9') || c == '.' || c == '_'
                    || ((c == 'e' || c == 'E') && i > 0 && i + 1 < s.length()
                        && (Character.isDigit(s.charAt(i + 1)) || s.charAt(i + 1) == '-' || s.charAt(i + 1) == '+'))
                    || ((c == '-' || c == '+') && (i == 0 || s.charAt(i - 1) == 'e' || s.charAt(i - 1) == 'E'));
            if (!numeric) {
                break;
            }
            i++;
        }
        return i;
    }

    private static double number(String field, String s, int end) {
        String digits = s.substring(0, Math.min(end, s.length())).replace("_", "").trim();
        try {
            double v = Double.parseDouble(digits);
            if (Double.isNaN(v)) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(field + ": '" + s + "' does not start with a number");
        }
    }

    static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
