package dev.vmreplay.analysis;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Unit-carrying values as users type them (DESIGN.md section 6): rates such as {@code 25Gbit/s}
 * or {@code 1GiB/s}, durations such as {@code 500ms} or {@code 1h}, sizes such as {@code 4GiB}.
 * A bare {@code 0} is accepted for any quantity. Decimal prefixes (k, M, G, T) are powers of
 * 1000, binary ones (Ki, Mi, Gi, Ti) powers of 1024. Bad input throws
 * {@link IllegalArgumentException} naming what was being parsed and the accepted forms.
 */
public final class Quantities {
    private static final Pattern NUMBER_UNIT = Pattern.compile("\\s*([0-9]+(?:\\.[0-9]+)?(?:[eE][+-]?[0-9]+)?)\\s*([A-Za-zµ/]*)\\s*");

    private Quantities() {
    }

    /** Parses a rate into bits per second, e.g. {@code 25Gbit/s}, {@code 1GiB/s}, {@code 100MB/s}. */
    public static double parseRateBitsPerSec(String what, String text) {
        Matcher m = match(what, text, "a rate such as 25Gbit/s, 1GiB/s or 100MB/s");
        double value = Double.parseDouble(m.group(1));
        String unit = m.group(2);
        if (unit.isEmpty() && value == 0) {
            return 0;
        }
        if (!unit.endsWith("/s")) {
            throw bad(what, text, "a rate such as 25Gbit/s, 1GiB/s or 100MB/s");
        }
        String amount = unit.substring(0, unit.length() - 2);
        double bits;
        if (amount.endsWith("bit")) {
            bits = prefix(what, text, amount.substring(0, amount.length() - 3));
        } else if (amount.endsWith("bps")) {
            bits = prefix(what, text, amount.substring(0, amount.length() - 3));
        } else if (amount.endsWith("B")) {
            bits = 8 * prefix(what, text, amount.substring(0, amount.length() - 1));
        } else {
            throw bad(what, text, "a rate such as 25Gbit/s, 1GiB/s or 100MB/s");
        }
        return value * bits;
    }

    /** Parses a duration into nanoseconds: {@code ns}, {@code us}/{@code µs}, {@code ms}, {@code s}, {@code min}, {@code h}. */
    public static long parseDurationNanos(String what, String text) {
        Matcher m = match(what, text, "a duration such as 500ms, 1.5us, 30s or 1h");
        BigDecimal value = new BigDecimal(m.group(1));
        String unit = m.group(2);
        long scale;
        switch (unit) {
            case "" -> {
                if (value.signum() != 0) {
                    throw bad(what, text, "a duration such as 500ms, 1.5us, 30s or 1h");
                }
                return 0;
            }
            case "ns" -> scale = 1L;
            case "us", "µs" -> scale = 1_000L;
            case "ms" -> scale = 1_000_000L;
            case "s" -> scale = 1_000_000_000L;
            case "min" -> scale = 60_000_000_000L;
            case "h" -> scale = 3_600_000_000_000L;
            default -> throw bad(what, text, "a duration such as 500ms, 1.5us, 30s or 1h");
        }
        return value.multiply(BigDecimal.valueOf(scale)).setScale(0, java.math.RoundingMode.HALF_UP).longValueExact();
    }

    /** Parses a size into bytes: {@code B}, {@code KiB}, {@code MiB}, {@code GiB}, {@code TiB}, {@code kB}, {@code MB}, ... */
    public static long parseSizeBytes(String what, String text) {
        Matcher m = match(what, text, "a size such as 4GiB, 512MiB or 4096B");
        BigDecimal value = new BigDecimal(m.group(1));
        String unit = m.group(2);
        if (unit.isEmpty()) {
            if (value.signum() != 0) {
                throw bad(what, text, "a size such as 4GiB, 512MiB or 4096B");
            }
            return 0;
        }
        if (!unit.endsWith("B")) {
            throw bad(what, text, "a size such as 4GiB, 512MiB or 4096B");
        }
        double factor = prefix(what, text, unit.substring(0, unit.length() - 1));
        return value.multiply(BigDecimal.valueOf((long) factor)).setScale(0, java.math.RoundingMode.HALF_UP).longValueExact();
    }

    /** A rate in the engine's configuration syntax, to the byte per second: {@code 390625000B/s}. */
    public static String configRate(double bitsPerSec) {
        return Math.round(bitsPerSec / 8) + "B/s";
    }

    /** A rate for people: {@code 12.5 Gbit/s}. */
    public static String humanRate(double bitsPerSec) {
        String[] units = {"bit/s", "kbit/s", "Mbit/s", "Gbit/s", "Tbit/s"};
        int i = 0;
        double v = bitsPerSec;
        while (Math.abs(v) >= 1000 && i < units.length - 1) {
            v /= 1000;
            i++;
        }
        return trim(v) + " " + units[i];
    }

    /** A duration for people: {@code 12.3 ms}, {@code 4.1 s}, {@code 1.5 h}. */
    public static String humanDuration(long nanos) {
        double abs = Math.abs((double) nanos);
        if (abs < 1e3) {
            return nanos + " ns";
        } else if (abs < 1e6) {
            return trim(nanos / 1e3) + " µs";
        } else if (abs < 1e9) {
            return trim(nanos / 1e6) + " ms";
        } else if (abs < 60e9 * 2) {
            return trim(nanos / 1e9) + " s";
        } else if (abs < 3600e9 * 2) {
            return trim(nanos / 60e9) + " min";
        }
        return trim(nanos / 3600e9) + " h";
    }

    /** A byte count for people: {@code 1.50 GiB}. */
    public static String humanBytes(long bytes) {
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};
        int i = 0;
        double v = bytes;
        while (Math.abs(v) >= 1024 && i < units.length - 1) {
            v /= 1024;
            i++;
        }
        return (i == 0 ? Long.toString(bytes) : trim(v)) + " " + units[i];
    }

    /** Three significant digits, no trailing zeros, '.' as decimal separator whatever the locale. */
    public static String trim(double v) {
        if (v == 0) {
            return "0";
        }
        int digits = Math.max(0, 2 - (int) Math.floor(Math.log10(Math.abs(v))));
        String s = String.format(Locale.ROOT, "%." + digits + "f", v);
        if (s.contains(".")) {
            s = s.replaceAll("0+$", "").replaceAll("\\.$", "");
        }
        return s;
    }

    private static Matcher match(String what, String text, String expected) {
        if (text == null) {
            throw new IllegalArgumentException(what + ": missing value, expected " + expected);
        }
        Matcher m = NUMBER_UNIT.matcher(text);
        if (!m.matches()) {
            throw bad(what, text, expected);
        }
        return m;
    }

    private static double prefix(String what, String text, String prefix) {
        return switch (prefix) {
            case "" -> 1;
            case "k", "K" -> 1e3;
            case "M" -> 1e6;
            case "G" -> 1e9;
            case "T" -> 1e12;
            case "Ki" -> 1024.0;
            case "Mi" -> 1024.0 * 1024;
            case "Gi" -> 1024.0 * 1024 * 1024;
            case "Ti" -> 1024.0 * 1024 * 1024 * 1024;
            default -> throw bad(what, text, "a known unit prefix (k, M, G, T, Ki, Mi, Gi, Ti)");
        };
    }

    private static IllegalArgumentException bad(String what, String text, String expected) {
        return new IllegalArgumentException(what + ": cannot read '" + text + "', expected " + expected);
    }
}
