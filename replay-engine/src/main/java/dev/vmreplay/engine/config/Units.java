package dev.vmreplay.engine.config;

import java.math.BigDecimal;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses and prints configuration quantities with units (DESIGN.md section 6): durations
 * ({@code 300ms}, {@code 1.5us}), sizes ({@code 2MiB}), rates ({@code 10Gbit/s}, {@code 1GiB/s}).
 * A bare {@code 0} is accepted for any quantity. Printing picks the largest unit that keeps the
 * value exact, so {@code parse(format(x)) == x}.
 */
public final class Units {
    private Units() {
    }

    private static final Pattern QUANTITY = Pattern.compile("^([0-9]+(?:\\.[0-9]+)?)\\s*([A-Za-zµ/%]*)$");

    /** Duration to nanoseconds; units ns, us (or µs), ms, s, min, h. */
    public static long parseDurationNanos(String text) {
        Matcher m = match(text, "a duration such as 300ms, 1.5us or 2s");
        String unit = m.group(2);
        long scale;
        switch (unit) {
            case "ns": scale = 1L; break;
            case "us": case "µs": scale = 1_000L; break;
            case "ms": scale = 1_000_000L; break;
            case "s": scale = 1_000_000_000L; break;
            case "min": scale = 60_000_000_000L; break;
            case "h": scale = 3_600_000_000_000L; break;
            case "": scale = bareZeroOnly(m, "a duration needs a unit (ns, us, ms, s, min, h)"); break;
            default: throw new NumberFormatException("unknown duration unit '" + unit + "' (ns, us, ms, s, min, h)");
        }
        return exact(m.group(1), scale, "nanosecond");
    }

    /** Size to bytes; units B, KiB, MiB, GiB, TiB (binary), KB, MB, GB, TB (decimal); a bare integer is bytes. */
    public static long parseBytes(String text) {
        Matcher m = match(text, "a size such as 4096, 2MiB or 1GiB");
        long scale = byteScale(m.group(2));
        return exact(m.group(1), scale, "byte");
    }

    /**
     * Rate to bytes per second; units B/s, KiB/s, MiB/s, GiB/s, KB/s, MB/s, GB/s and bit/s, Kbit/s,
     * Mbit/s, Gbit/s, Tbit/s (decimal, 8 bits a byte).
     */
    public static long parseBytesPerSecond(String text) {
        Matcher m = match(text, "a rate such as 10Gbit/s or 1GiB/s");
        String unit = m.group(2);
        if (unit.isEmpty()) {
            bareZeroOnly(m, "a rate needs a unit (B/s, MiB/s, GiB/s, Mbit/s, Gbit/s, ...)");
            return 0;
        }
        if (!unit.endsWith("/s")) {
            throw new NumberFormatException("a rate unit ends in /s, was '" + unit + "'");
        }
        String u = unit.substring(0, unit.length() - 2);
        BigDecimal value = new BigDecimal(m.group(1));
        BigDecimal bytes;
        switch (u) {
            case "bit": bytes = value.divide(BigDecimal.valueOf(8)); break;
            case "Kbit": bytes = value.multiply(BigDecimal.valueOf(125L)); break;
            case "Mbit": bytes = value.multiply(BigDecimal.valueOf(125_000L)); break;
            case "Gbit": bytes = value.multiply(BigDecimal.valueOf(125_000_000L)); break;
            case "Tbit": bytes = value.multiply(BigDecimal.valueOf(125_000_000_000L)); break;
            default: bytes = value.multiply(BigDecimal.valueOf(byteScale(u)));
        }
        return toExactLong(bytes, "byte/s");
    }

    /** A share 0..1 written as a fraction ({@code 0.2}) or a percentage ({@code 20%}). */
    public static double parseFraction(String text) {
        Matcher m = match(text, "a fraction such as 0.5 or 50%");
        String unit = m.group(2);
        double v = Double.parseDouble(m.group(1));
        if (unit.equals("%")) {
            return v / 100.0;
        }
        if (!unit.isEmpty()) {
            throw new NumberFormatException("a fraction takes no unit other than %, was '" + unit + "'");
        }
        return v;
    }

    public static String formatDurationNanos(long nanos) {
        if (nanos == 0) {
            return "0";
        }
        long[] scales = {3_600_000_000_000L, 60_000_000_000L, 1_000_000_000L, 1_000_000L, 1_000L, 1L};
        String[] names = {"h", "min", "s", "ms", "us", "ns"};
        for (int i = 0; i < scales.length; i++) {
            if (nanos % scales[i] == 0) {
                return (nanos / scales[i]) + names[i];
            }
        }
        throw new AssertionError();
    }

    public static String formatBytes(long bytes) {
        if (bytes == 0) {
            return "0";
        }
        long[] scales = {1L << 40, 1L << 30, 1L << 20, 1L << 10};
        String[] names = {"TiB", "GiB", "MiB", "KiB"};
        for (int i = 0; i < scales.length; i++) {
            if (bytes % scales[i] == 0) {
                return (bytes / scales[i]) + names[i];
            }
        }
        return bytes + "B";
    }

    public static String formatBytesPerSecond(long bytesPerSec) {
        if (bytesPerSec == 0) {
            return "0";
        }
        long[] binary = {1L << 30, 1L << 20, 1L << 10};
        String[] binaryNames = {"GiB/s", "MiB/s", "KiB/s"};
        for (int i = 0; i < binary.length; i++) {
            if (bytesPerSec % binary[i] == 0) {
                return (bytesPerSec / binary[i]) + binaryNames[i];
            }
        }
        long[] bits = {125_000_000_000L, 125_000_000L, 125_000L};
        String[] bitNames = {"Tbit/s", "Gbit/s", "Mbit/s"};
        for (int i = 0; i < bits.length; i++) {
            if (bytesPerSec % bits[i] == 0) {
                return (bytesPerSec / bits[i]) + bitNames[i];
            }
        }
        return bytesPerSec + "B/s";
    }

    public static String formatFraction(double share) {
        return BigDecimal.valueOf(share).stripTrailingZeros().toPlainString();
    }

    private static Matcher match(String text, String expected) {
        if (text == null) {
            throw new NumberFormatException("missing value, expected " + expected);
        }
        Matcher m = QUANTITY.matcher(text.trim());
        if (!m.matches()) {
            throw new NumberFormatException("expected " + expected);
        }
        return m;
    }

    private static long bareZeroOnly(Matcher m, String message) {
        if (new BigDecimal(m.group(1)).signum() != 0) {
            throw new NumberFormatException(message);
        }
        return 1L;
    }

    private static long byteScale(String unit) {
        switch (unit) {
            case "": case "B": return 1L;
            case "KiB": return 1L << 10;
            case "MiB": return 1L << 20;
            case "GiB": return 1L << 30;
            case "TiB": return 1L << 40;
            case "KB": return 1_000L;
            case "MB": return 1_000_000L;
            case "GB": return 1_000_000_000L;
            case "TB": return 1_000_000_000_000L;
            default: throw new NumberFormatException("unknown size unit '" + unit + "' (B, KiB, MiB, GiB, TiB, KB, MB, GB, TB)");
        }
    }

    private static long exact(String number, long scale, String what) {
        return toExactLong(new BigDecimal(number).multiply(BigDecimal.valueOf(scale)), what);
    }

    private static long toExactLong(BigDecimal value, String what) {
        try {
            return value.stripTrailingZeros().longValueExact();
        } catch (ArithmeticException e) {
            throw new NumberFormatException("not a whole number of " + what + "s or too large: " + value.toPlainString());
        }
    }
}
