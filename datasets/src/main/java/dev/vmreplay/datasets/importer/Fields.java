package dev.vmreplay.datasets.importer;

import java.util.Arrays;

/**
 * Splits one line into fields without regular expressions or substrings, and parses numbers in
 * place: importers handle millions of lines. Reused line after line.
 */
final class Fields {
    private int[] start = new int[16];
    private int[] end = new int[16];
    private int count;
    private String line;
    private LineInput input;

    /** Splits on {@code delimiter}, trimming spaces around each field. */
    Fields split(LineInput in, String text, char delimiter) {
        reset(in, text);
        int n = text.length();
        int fieldStart = 0;
        for (int i = 0; i <= n; i++) {
            if (i == n || text.charAt(i) == delimiter) {
                int a = fieldStart;
                int b = i;
                while (a < b && text.charAt(a) == ' ') {
                    a++;
                }
                while (b > a && text.charAt(b - 1) == ' ') {
                    b--;
                }
                add(a, b);
                fieldStart = i + 1;
            }
        }
        return this;
    }

    /** Splits on runs of spaces and tabs. */
    Fields splitWhitespace(LineInput in, String text) {
        reset(in, text);
        int n = text.length();
        int i = 0;
        while (i < n) {
            while (i < n && isBlank(text.charAt(i))) {
                i++;
            }
            if (i == n) {
                break;
            }
            int a = i;
            while (i < n && !isBlank(text.charAt(i))) {
                i++;
            }
            add(a, i);
        }
        return this;
    }

    private static boolean isBlank(char c) {
        return c == ' ' || c == '\t';
    }

    private void reset(LineInput in, String text) {
        input = in;
        line = text;
        count = 0;
    }

    private void add(int a, int b) {
        if (count == start.length) {
            start = Arrays.copyOf(start, count * 2);
            end = Arrays.copyOf(end, count * 2);
        }
        start[count] = a;
        end[count] = b;
        count++;
    }

    int count() {
        return count;
    }

    String text(int i) {
        return line.substring(start[i], end[i]);
    }

    boolean equalsText(int i, String s) {
        return end[i] - start[i] == s.length() && line.regionMatches(start[i], s, 0, s.length());
    }

    boolean equalsTextIgnoreCase(int i, String s) {
        return end[i] - start[i] == s.length() && line.regionMatches(true, start[i], s, 0, s.length());
    }

    char firstChar(int i) {
        return end[i] > start[i] ? line.charAt(start[i]) : '\0';
    }

    /** A non-negative decimal integer. */
    long decimal(int i, String column) {
        int a = start[i];
        int b = end[i];
        if (a == b) {
            throw input.error(column, column + " is empty");
        }
        if (b - a > 18) {
            try {
                long v = Long.parseLong(line, a, b, 10);
                if (v < 0) {
                    throw input.error(column, column + " must be >= 0");
                }
                return v;
            } catch (NumberFormatException e) {
                throw input.error(column, column + " is not a non-negative whole number");
            }
        }
        long v = 0;
        for (int k = a; k < b; k++) {
            char c = line.charAt(k);
            if (c < '0' || c > '9') {
                throw input.error(column, column + " is not a non-negative whole number");
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    /** A non-negative hexadecimal integer, with or without {@code 0x}. */
    long hex(int i, String column) {
        int a = start[i];
        int b = end[i];
        if (b - a > 2 && line.charAt(a) == '0' && (line.charAt(a + 1) == 'x' || line.charAt(a + 1) == 'X')) {
            a += 2;
        }
        if (a == b || b - a > 15) {
            throw input.error(column, column + " is not a hexadecimal address below 2^60");
        }
        long v = 0;
        for (int k = a; k < b; k++) {
            int d = Character.digit(line.charAt(k), 16);
            if (d < 0) {
                throw input.error(column, column + " is not a hexadecimal number");
            }
            v = (v << 4) | d;
        }
        return v;
    }

    /** Decimal, or hexadecimal with a {@code 0x} prefix. */
    long decimalOrHex(int i, String column) {
        if (end[i] - start[i] > 2 && line.charAt(start[i]) == '0'
                && (line.charAt(start[i] + 1) == 'x' || line.charAt(start[i] + 1) == 'X')) {
            return hex(i, column);
        }
        return decimal(i, column);
    }

    /**
     * Seconds with up to 9 decimals ({@code 12.000345678}) as exact nanoseconds: blkparse times.
     */
    long secondsAsNanos(int i, String column) {
        int a = start[i];
        int b = end[i];
        int dot = line.indexOf('.', a);
        if (dot < 0 || dot >= b) {
            dot = b;
        }
        long seconds = 0;
        if (dot == a) {
            throw input.error(column, column + " is not a time in seconds");
        }
        for (int k = a; k < dot; k++) {
            char c = line.charAt(k);
            if (c < '0' || c > '9' || seconds > 9_000_000_000L) {
                throw input.error(column, column + " is not a time in seconds");
            }
            seconds = seconds * 10 + (c - '0');
        }
        long fraction = 0;
        int digits = 0;
        for (int k = dot + 1; k < b; k++) {
            char c = line.charAt(k);
            if (c < '0' || c > '9' || digits == 9) {
                throw input.error(column, column + " is not a time in seconds with at most 9 decimals");
            }
            fraction = fraction * 10 + (c - '0');
            digits++;
        }
        for (; digits < 9; digits++) {
            fraction *= 10;
        }
        return seconds * 1_000_000_000L + fraction;
    }
}
