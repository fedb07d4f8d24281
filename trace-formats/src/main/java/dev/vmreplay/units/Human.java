package dev.vmreplay.units;

import java.util.Locale;

/**
 * Rounded forms of quantities for people: tables, reports, progress lines. Locale-independent
 * ({@code '.'} decimal point, {@code ','} grouping) so output is byte-identical on every machine.
 * Sizes use binary units (KiB = 1024 B), data rates decimal bits (Gbit/s = 10^9 bit/s), as
 * operators quote them. {@link Quantity} prints the exact, parseable forms configuration uses.
 *
 * <p>Two styles exist, chosen by what the number sits in. The table style ({@link #bytes},
 * {@link #nanos}) keeps a fixed number of decimals per unit so that a column of numbers lines up
 * ({@code 12.35 ms}, {@code 2.790 s}); the brief style ({@link #bytesBrief}, {@link #nanosBrief},
 * {@link #bitsPerSecond}) keeps three significant digits and drops trailing zeros for prose and
 * report cells ({@code 12.3 ms}, {@code 2.79 s}).
 */
public final class Human {
    private static final String[] IEC = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
    private static final String[] BIT_RATES = {"bit/s", "kbit/s", "Mbit/s", "Gbit/s", "Tbit/s"};

    private Human() {
    }

    /** {@code 1,234,567}. */
    public static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    /** {@code 1,234.5} with {@code decimals} digits after the point. */
    public static String count(double n, int decimals) {
        return String.format(Locale.ROOT, "%,." + decimals + "f", n);
    }

    /** {@code 1 vCPU}, {@code 4 vCPUs}, {@code 1,024 pages}. */
    public static String plural(long n, String singular, String plural) {
        return count(n) + " " + (n == 1 ? singular : plural);
    }

    /** A share 0..1 as a percentage with one decimal: {@code 12.3%}. */
    public static String percent(double share) {
        return String.format(Locale.ROOT, "%.1f%%", share * 100);
    }

    /** Table style: {@code 512 B}, {@code 64 MiB} (exact multiples without decimals), {@code 4.73 GiB}, {@code 310.5 MiB}. */
    public static String bytes(double bytes) {
        int unit = 0;
        double v = bytes;
        while (Math.abs(v) >= 1024 && unit < IEC.length - 1) {
            v /= 1024;
            unit++;
        }
        if (v == Math.rint(v)) {
            return String.format(Locale.ROOT, "%d %s", (long) v, IEC[unit]);
        }
        return String.format(Locale.ROOT, Math.abs(v) >= 100 ? "%.1f %s" : "%.2f %s", v, IEC[unit]);
    }

    /** Table style durations: {@code 850 ns}, {@code 207.9 µs}, {@code 12.35 ms}, {@code 2.790 s}. */
    public static String nanos(double nanos) {
        // thresholds sit where rounding would print "1000" in the smaller unit
        double a = Math.abs(nanos);
        if (a < 999.5) {
            return String.format(Locale.ROOT, "%.0f ns", nanos);
        }
        if (a < 999_950) {
            return String.format(Locale.ROOT, "%.1f µs", nanos / 1e3);
        }
        if (a < 999_995_000) {
            return String.format(Locale.ROOT, "%.2f ms", nanos / 1e6);
        }
        return String.format(Locale.ROOT, "%.3f s", nanos / 1e9);
    }

    /** A trace timestamp in seconds with nanosecond digits trimmed to microseconds: {@code 12.350000 s}. */
    public static String seconds(long nanos) {
        return String.format(Locale.ROOT, "%.6f s", nanos / 1e9);
    }

    /** Brief style: {@code 512 B}, {@code 1.5 GiB}, {@code 310 MiB}. */
    public static String bytesBrief(long bytes) {
        int unit = 0;
        double v = bytes;
        while (Math.abs(v) >= 1024 && unit < IEC.length - 1) {
            v /= 1024;
            unit++;
        }
        return (unit == 0 ? Long.toString(bytes) : significant(v)) + " " + IEC[unit];
    }

    /** Brief style durations: {@code 850 ns}, {@code 386 µs}, {@code 12.3 ms}, {@code 4.1 s}, {@code 60 min}, {@code 1.5 h}. */
    public static String nanosBrief(long nanos) {
        double abs = Math.abs((double) nanos);
        if (abs < 1e3) {
            return nanos + " ns";
        } else if (abs < 1e6) {
            return significant(nanos / 1e3) + " µs";
        } else if (abs < 1e9) {
            return significant(nanos / 1e6) + " ms";
        } else if (abs < 60e9 * 2) {
            return significant(nanos / 1e9) + " s";
        } else if (abs < 3600e9 * 2) {
            return significant(nanos / 60e9) + " min";
        }
        return significant(nanos / 3600e9) + " h";
    }

    /** Brief style data rate in decimal bits: {@code 12.5 Gbit/s}, {@code 17.3 Mbit/s}. */
    public static String bitsPerSecond(double bitsPerSec) {
        int i = 0;
        double v = bitsPerSec;
        while (Math.abs(v) >= 1000 && i < BIT_RATES.length - 1) {
            v /= 1000;
            i++;
        }
        return significant(v) + " " + BIT_RATES[i];
    }

    /** Three significant digits (all integer digits when there are more), no trailing zeros: {@code 12.3}, {@code 4}, {@code 1290}. */
    public static String significant(double v) {
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
}
