package dev.vmreplay.cli;

import java.util.Locale;

/** Number formatting for tables: locale-independent, so output is the same on every machine. */
final class Human {
    private static final String[] IEC = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};

    private Human() {
    }

    /** {@code 1,234,567}. */
    static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    /** {@code 1,234.5}. */
    static String count(double n, int decimals) {
        return String.format(Locale.ROOT, "%,." + decimals + "f", n);
    }

    /** {@code 512 B}, {@code 64 MiB} (exact multiples without decimals), {@code 4.73 GiB}. */
    static String bytes(double bytes) {
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

    /** Durations: {@code 850 ns}, {@code 207.9 us}, {@code 12.35 ms}, {@code 2.790 s}. */
    static String nanos(double ns) {
        // thresholds sit where rounding would print "1000" in the smaller unit
        double a = Math.abs(ns);
        if (a < 999.5) {
            return String.format(Locale.ROOT, "%.0f ns", ns);
        }
        if (a < 999_950) {
            return String.format(Locale.ROOT, "%.1f us", ns / 1e3);
        }
        if (a < 999_995_000) {
            return String.format(Locale.ROOT, "%.2f ms", ns / 1e6);
        }
        return String.format(Locale.ROOT, "%.3f s", ns / 1e9);
    }

    /** A trace timestamp in seconds with nanosecond digits trimmed to microseconds: {@code 12.350000 s}. */
    static String seconds(long ns) {
        return String.format(Locale.ROOT, "%.6f s", ns / 1e9);
    }

    /** {@code 12.3%}. */
    static String percent(double share) {
        return String.format(Locale.ROOT, "%.1f%%", share * 100);
    }

    /** {@code 1 vCPU}, {@code 4 vCPUs}. */
    static String plural(long n, String singular, String plural) {
        return count(n) + " " + (n == 1 ? singular : plural);
    }
}
