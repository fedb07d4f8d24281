package dev.vmreplay.units;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses quantities with units as users type them, and prints the canonical form configuration uses.
 * This is the only parser of units in vmreplay; the README section "Configuration units" documents it.
 *
 * <ul>
 *   <li>Sizes, in bytes: {@code B}; {@code KiB}, {@code MiB}, {@code GiB}, {@code TiB}, {@code PiB}
 *       (powers of 1024); {@code kB}, {@code MB}, {@code GB}, {@code TB}, {@code PB} (powers of 1000).
 *       A bare number is bytes. A bare prefix ({@code 64G}) is rejected: it could mean either.</li>
 *   <li>Durations, in nanoseconds: {@code ns}, {@code us} (or {@code µs}), {@code ms}, {@code s},
 *       {@code min}, {@code h}.</li>
 *   <li>Data rates, in bytes per second: a size unit or a bit unit ({@code bit}, {@code kbit} ..
 *       {@code Pbit}, {@code Kibit} .. {@code Pibit}) followed by {@code /s}: {@code 1GiB/s},
 *       {@code 10Gbit/s}. {@code Gb/s} is rejected as ambiguous (bits or bytes?).</li>
 *   <li>Event rates, per second: a count with an optional {@code k}, {@code M}, {@code G}, {@code T},
 *       {@code P} (powers of 1000) and an optional {@code /s}: {@code 50k/s}, {@code 20000}.</li>
 *   <li>Counts: a whole number with an optional {@code k} .. {@code P}: {@code 1.5M}.</li>
 *   <li>Fractions 0..1: {@code 0.3} or {@code 30%}.</li>
 * </ul>
 *
 * <p>Numbers are plain decimals ({@code 1.5}, {@code .5}; no sign, exponent or digit grouping),
 * optionally followed by spaces before the unit. Unit names are case-insensitive, except that a
 * rate's byte is a capital {@code B} ({@code gb/s} is as ambiguous as {@code Gb/s}). A bare {@code 0} is accepted
 * for every quantity. Arithmetic is exact: the result must be a whole number of the base unit
 * ({@code 1.5KiB} is 1536 bytes, {@code 0.3KiB} is an error, never rounded) and fit in a
 * {@code long}; negative values are rejected. Every failure is a one-line
 * {@link NumberFormatException} (an {@link IllegalArgumentException}) naming the text, the rule
 * broken and the accepted forms; the two-argument methods put the field name in front.
 */
public final class Quantity {
    private static final Pattern NUMBER_UNIT = Pattern.compile("(-?)([0-9]+(?:\\.[0-9]+)?|\\.[0-9]+)\\s*(.*)");
    private static final BigDecimal LONG_MAX = BigDecimal.valueOf(Long.MAX_VALUE);
    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    private static final String SIZES = "sizes take B, KiB, MiB, GiB, TiB, PiB (powers of 1024) or kB, MB, GB, TB, PB"
            + " (powers of 1000), e.g. 4096, 2MiB, 1.5GiB, 8GB";
    private static final String DURATIONS = "durations take ns, us, ms, s, min, h, e.g. 300ms, 1.5us";
    private static final String DATA_RATES = "rates take bytes or bits per second: B/s, KiB/s .. PiB/s, kB/s .. PB/s,"
            + " bit/s, kbit/s .. Pbit/s, e.g. 1GiB/s, 10Gbit/s";
    private static final String EVENT_RATES = "event rates take a count per second with k, M, G, T, P (powers of 1000),"
            + " e.g. 20000/s, 50k/s, 1.5M/s";
    private static final String EVENT_OR_DATA_RATES = "rates take a count per second (e.g. 50k/s) or bytes per second"
            + " (e.g. 200MiB/s)";
    private static final String COUNTS = "counts take a whole number with k, M, G, T, P (powers of 1000), e.g. 4096, 1.5M";
    private static final String FRACTIONS = "fractions lie in 0..1 or 0%..100%, e.g. 0.3 or 30%";

    private Quantity() {
    }

    // ---------------------------------------------------------------- sizes

    /** Bytes from a size such as {@code 4096}, {@code 2MiB}, {@code 1.5GiB} or {@code 8GB}. */
    public static long parseBytes(String text) {
        return parseBytes(null, text);
    }

    /** As {@link #parseBytes(String)}, with {@code field} (an option or key name) leading any error message. */
    public static long parseBytes(String field, String text) {
        Parsed p = Parsed.of(field, text, "size", SIZES);
        long scale = sizeScale(p.unit);
        if (scale == 0) {
            throw p.bad(sizeUnitProblem(p.unit));
        }
        return p.exact(scale, "bytes");
    }

    // ---------------------------------------------------------------- durations

    /** Nanoseconds from a duration such as {@code 300ms}, {@code 1.5us} or {@code 2s}. */
    public static long parseDurationNanos(String text) {
        return parseDurationNanos(null, text);
    }

    /** As {@link #parseDurationNanos(String)}, with {@code field} leading any error message. */
    public static long parseDurationNanos(String field, String text) {
        Parsed p = Parsed.of(field, text, "duration", DURATIONS);
        long scale;
        switch (p.unit.toLowerCase(Locale.ROOT)) {
            case "ns": scale = 1L; break;
            case "us": case "µs": case "μs": scale = 1_000L; break;
            case "ms": scale = 1_000_000L; break;
            case "s": scale = 1_000_000_000L; break;
            case "min": scale = 60_000_000_000L; break;
            case "h": scale = 3_600_000_000_000L; break;
            case "": return p.bareZero("a duration other than 0 needs a unit");
            default: throw p.bad("unknown duration unit '" + p.unit + "'");
        }
        return p.exact(scale, "nanoseconds");
    }

    // ---------------------------------------------------------------- rates

    /** Bytes per second from a data rate such as {@code 10Gbit/s}, {@code 1GiB/s} or {@code 100MB/s}. */
    public static long parseBytesPerSecond(String text) {
        return parseBytesPerSecond(null, text);
    }

    /** As {@link #parseBytesPerSecond(String)}, with {@code field} leading any error message. */
    public static long parseBytesPerSecond(String field, String text) {
        Parsed p = Parsed.of(field, text, "rate", DATA_RATES);
        if (p.unit.isEmpty()) {
            return p.bareZero("a rate other than 0 needs a unit");
        }
        return p.exactBytesPerSecond(bytesPerSecondPerUnit(p));
    }

    /** Events per second from an event rate such as {@code 50k/s}, {@code 1.5M/s}, {@code 20000/s} or {@code 20000}. */
    public static double parseEventsPerSecond(String field, String text) {
        Parsed p = Parsed.of(field, text, "event rate", EVENT_RATES);
        String unit = stripPerSecond(p.unit);
        long scale = siScale(unit);
        if (scale == 0) {
            throw p.bad("unknown event rate unit '" + p.unit + "'");
        }
        return p.finite(p.number.multiply(BigDecimal.valueOf(scale)));
    }

    /**
     * Events per second from an event rate ({@code 50k/s}) or a data rate ({@code 200MiB/s}), the
     * latter divided by {@code bytesPerEvent} (4096 reads a byte rate as 4 KiB pages per second).
     */
    public static double parseEventsPerSecond(String field, String text, long bytesPerEvent) {
        if (bytesPerEvent <= 0) {
            throw new IllegalArgumentException("bytesPerEvent must be positive, was " + bytesPerEvent);
        }
        Parsed p = Parsed.of(field, text, "rate", EVENT_OR_DATA_RATES);
        String unit = stripPerSecond(p.unit);
        long scale = siScale(unit);
        if (scale != 0) {
            return p.finite(p.number.multiply(BigDecimal.valueOf(scale)));
        }
        if (!p.unit.endsWith("/s")) {
            throw p.bad("unknown rate unit '" + p.unit + "'");
        }
        BigDecimal bytesPerSec = p.number.multiply(bytesPerSecondPerUnit(p));
        return p.finite(bytesPerSec.divide(BigDecimal.valueOf(bytesPerEvent), 20, RoundingMode.HALF_EVEN));
    }

    // ---------------------------------------------------------------- counts and fractions

    /** A whole count such as {@code 4096}, {@code 50k} or {@code 1.5M} (k, M, G, T, P are powers of 1000). */
    public static long parseCount(String text) {
        return parseCount(null, text);
    }

    /** As {@link #parseCount(String)}, with {@code field} leading any error message. */
    public static long parseCount(String field, String text) {
        Parsed p = Parsed.of(field, text, "count", COUNTS);
        long scale = siScale(p.unit);
        if (scale == 0) {
            throw p.bad("unknown count suffix '" + p.unit + "'");
        }
        return p.exact(scale, "");
    }

    /** A share 0..1 written as a fraction ({@code 0.2}) or a percentage ({@code 20%}). */
    public static double parseFraction(String text) {
        return parseFraction(null, text);
    }

    /** As {@link #parseFraction(String)}, with {@code field} leading any error message. */
    public static double parseFraction(String field, String text) {
        Parsed p = Parsed.of(field, text, "fraction", FRACTIONS);
        BigDecimal share;
        if (p.unit.equals("%")) {
            share = p.number.divide(HUNDRED);
        } else if (p.unit.isEmpty()) {
            share = p.number;
        } else {
            throw p.bad("a fraction takes no unit other than %, was '" + p.unit + "'");
        }
        if (share.compareTo(BigDecimal.ONE) > 0) {
            throw p.bad("larger than 1 (100%)");
        }
        return share.doubleValue();
    }

    // ---------------------------------------------------------------- canonical forms

    /**
     * A duration in the largest unit that keeps it exact: {@code 300ms}, {@code 1500ns}, {@code 2min};
     * {@code 0} for zero. {@code parseDurationNanos(formatDurationNanos(x)) == x}.
     */
    public static String formatDurationNanos(long nanos) {
        if (nanos == 0) {
            return "0";
        }
        long[] scales = {3_600_000_000_000L, 60_000_000_000L, 1_000_000_000L, 1_000_000L, 1_000L};
        String[] names = {"h", "min", "s", "ms", "us"};
        for (int i = 0; i < scales.length; i++) {
            if (nanos % scales[i] == 0) {
                return (nanos / scales[i]) + names[i];
            }
        }
        return nanos + "ns";
    }

    /**
     * A size exactly, in the unit that gives the smallest number: {@code 2MiB}, {@code 8GB},
     * {@code 4097B}; binary units win ties; {@code 0} for zero. {@code parseBytes(formatBytes(x)) == x}.
     */
    public static String formatBytes(long bytes) {
        return bytes == 0 ? "0" : smallestExact(bytes, SIZE_SCALES, SIZE_NAMES);
    }

    /**
     * A data rate exactly, in the unit that gives the smallest number: {@code 128MiB/s},
     * {@code 10Gbit/s}, {@code 100MB/s}, {@code 1000001B/s}; binary bytes win ties, then bits; {@code 0}
     * for zero. {@code parseBytesPerSecond(formatBytesPerSecond(x)) == x}.
     */
    public static String formatBytesPerSecond(long bytesPerSec) {
        return bytesPerSec == 0 ? "0" : smallestExact(bytesPerSec, RATE_SCALES, RATE_NAMES);
    }

    // Candidates in tie-break order. Link speeds are quoted in decimal bits (1 Mbit/s = 125,000 B/s),
    // memory in binary bytes; picking the smallest number keeps 1PB/s from printing as 976562500000KiB/s.
    private static final long[] SIZE_SCALES = {1L << 50, 1L << 40, 1L << 30, 1L << 20, 1L << 10,
        1_000_000_000_000_000L, 1_000_000_000_000L, 1_000_000_000L, 1_000_000L, 1_000L, 1L};
    private static final String[] SIZE_NAMES = {"PiB", "TiB", "GiB", "MiB", "KiB", "PB", "TB", "GB", "MB", "kB", "B"};
    private static final long[] RATE_SCALES = {1L << 50, 1L << 40, 1L << 30, 1L << 20, 1L << 10,
        125_000_000_000_000L, 125_000_000_000L, 125_000_000L, 125_000L, 125L,
        1_000_000_000_000_000L, 1_000_000_000_000L, 1_000_000_000L, 1_000_000L, 1_000L, 1L};
    private static final String[] RATE_NAMES = {"PiB/s", "TiB/s", "GiB/s", "MiB/s", "KiB/s",
        "Pbit/s", "Tbit/s", "Gbit/s", "Mbit/s", "kbit/s", "PB/s", "TB/s", "GB/s", "MB/s", "kB/s", "B/s"};

    private static String smallestExact(long value, long[] scales, String[] names) {
        int best = -1;
        for (int i = 0; i < scales.length; i++) {
            if (value % scales[i] == 0 && (best < 0 || value / scales[i] < value / scales[best])) {
                best = i;
            }
        }
        return (value / scales[best]) + names[best];
    }

    /** A fraction as the shortest decimal that reads back as the same double: {@code 0.2}, {@code 1}. */
    public static String formatFraction(double share) {
        return BigDecimal.valueOf(share).stripTrailingZeros().toPlainString();
    }

    // ---------------------------------------------------------------- units

    /** Bytes per unit for a size unit, 0 when {@code unit} is not one. */
    private static long sizeScale(String unit) {
        switch (unit.toLowerCase(Locale.ROOT)) {
            case "": case "b": return 1L;
            case "kib": return 1L << 10;
            case "mib": return 1L << 20;
            case "gib": return 1L << 30;
            case "tib": return 1L << 40;
            case "pib": return 1L << 50;
            case "kb": return 1_000L;
            case "mb": return 1_000_000L;
            case "gb": return 1_000_000_000L;
            case "tb": return 1_000_000_000_000L;
            case "pb": return 1_000_000_000_000_000L;
            default: return 0;
        }
    }

    private static String sizeUnitProblem(String unit) {
        String u = unit.toLowerCase(Locale.ROOT);
        if (u.length() == 1 && "kmgtp".contains(u)) {
            String p = u.equals("k") ? "K" : unit.toUpperCase(Locale.ROOT);
            return "'" + unit + "' is ambiguous: write " + p + "iB (powers of 1024) or " + (u.equals("k") ? "k" : p)
                    + "B (powers of 1000)";
        }
        return "unknown size unit '" + unit + "'";
    }

    /** Bytes per second in one of the parsed rate units ({@code GiB/s}: 2^30, {@code Mbit/s}: 125,000). */
    private static BigDecimal bytesPerSecondPerUnit(Parsed p) {
        String unit = p.unit;
        if (!unit.endsWith("/s") && !unit.endsWith("/S")) {
            throw p.bad("a rate unit ends in /s, was '" + unit + "'");
        }
        String amount = unit.substring(0, unit.length() - 2).strip();
        String lower = amount.toLowerCase(Locale.ROOT);
        if (lower.endsWith("bit")) {
            String prefix = lower.substring(0, lower.length() - 3);
            long bits = prefix.endsWith("i") ? binaryScale(prefix.substring(0, prefix.length() - 1))
                    : prefix.isEmpty() ? 1 : siScale(prefix);
            if (bits == 0) {
                throw p.bad("unknown rate unit '" + unit + "'");
            }
            return BigDecimal.valueOf(bits).divide(BigDecimal.valueOf(8));
        }
        // "Gb/s" is gigabits to some and gigabytes to others (and "Gib" is a gibibit in IEC 80000-13):
        // a factor of 8 is not worth guessing, so a rate's byte is always a capital B
        if (amount.endsWith("b")) {
            throw p.bad("'" + unit + "' is ambiguous: write " + amount.substring(0, amount.length() - 1)
                    + "bit/s for bits or " + amount.substring(0, amount.length() - 1) + "B/s for bytes");
        }
        long scale = amount.isEmpty() ? 0 : sizeScale(amount);
        if (scale == 0) {
            throw p.bad("unknown rate unit '" + unit + "'");
        }
        return BigDecimal.valueOf(scale);
    }

    /** 1024^n for a binary prefix letter (k, m, g, t, p), 0 otherwise. */
    private static long binaryScale(String letter) {
        switch (letter.toLowerCase(Locale.ROOT)) {
            case "k": return 1L << 10;
            case "m": return 1L << 20;
            case "g": return 1L << 30;
            case "t": return 1L << 40;
            case "p": return 1L << 50;
            default: return 0;
        }
    }

    /** 1000^n for a decimal prefix ({@code ""}, k, M, G, T, P), 0 otherwise. */
    private static long siScale(String prefix) {
        switch (prefix.toLowerCase(Locale.ROOT)) {
            case "": return 1L;
            case "k": return 1_000L;
            case "m": return 1_000_000L;
            case "g": return 1_000_000_000L;
            case "t": return 1_000_000_000_000L;
            case "p": return 1_000_000_000_000_000L;
            default: return 0;
        }
    }

    private static String stripPerSecond(String unit) {
        String lower = unit.toLowerCase(Locale.ROOT);
        return lower.endsWith("/s") ? unit.substring(0, unit.length() - 2).strip() : unit;
    }

    /** A text split into its non-negative decimal number and its unit, with what it was meant to be. */
    private static final class Parsed {
        final String field;
        final String text;
        final String kind;
        final String accepted;
        final BigDecimal number;
        final String unit;

        private Parsed(String field, String text, String kind, String accepted, BigDecimal number, String unit) {
            this.field = field;
            this.text = text;
            this.kind = kind;
            this.accepted = accepted;
            this.number = number;
            this.unit = unit;
        }

        static Parsed of(String field, String text, String kind, String accepted) {
            Parsed empty = new Parsed(field, text, kind, accepted, BigDecimal.ZERO, "");
            if (text == null || text.isBlank()) {
                throw empty.bad("empty");
            }
            Matcher m = NUMBER_UNIT.matcher(text.strip());
            if (!m.matches()) {
                throw empty.bad("does not start with a number");
            }
            if (!m.group(1).isEmpty()) {
                throw empty.bad("must not be negative");
            }
            return new Parsed(field, text, kind, accepted, new BigDecimal(m.group(2)), m.group(3));
        }

        long bareZero(String rule) {
            if (number.signum() != 0) {
                throw bad(rule);
            }
            return 0;
        }

        long exact(long scale, String baseUnit) {
            return whole(number.multiply(BigDecimal.valueOf(scale)), baseUnit);
        }

        long exactBytesPerSecond(BigDecimal bytesPerUnit) {
            return whole(number.multiply(bytesPerUnit), "bytes per second");
        }

        double finite(BigDecimal value) {
            double d = value.doubleValue();
            if (Double.isInfinite(d)) {
                throw bad("too large");
            }
            return d;
        }

        private long whole(BigDecimal value, String baseUnit) {
            String of = baseUnit.isEmpty() ? "" : " of " + baseUnit;
            if (value.signum() != 0 && value.stripTrailingZeros().scale() > 0) {
                throw bad("not a whole number" + of + " (" + value.stripTrailingZeros().toPlainString() + ")");
            }
            if (value.compareTo(LONG_MAX) > 0) {
                throw bad("too large (more than " + Long.MAX_VALUE + (baseUnit.isEmpty() ? "" : " " + baseUnit) + ")");
            }
            return value.longValue();
        }

        NumberFormatException bad(String rule) {
            String shown = Printable.escape(text);
            return new NumberFormatException((field == null ? "" : field + ": ") + "invalid " + kind + " '" + shown
                    + "': " + rule + "; " + accepted);
        }
    }
}
