package dev.vmreplay.cli;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Parses a byte size such as {@code 4096}, {@code 2MiB}, {@code 1.5GiB} or {@code 8GB}: IEC units
 * (KiB, MiB, GiB, TiB, PiB = powers of 1024) and SI units (kB, MB, GB, TB, PB = powers of 1000),
 * case-insensitive, optional space. The result must be a whole number of bytes.
 */
public final class ByteSizeConverter implements ITypeConverter<Long> {
    private static final Pattern SIZE = Pattern.compile("\\s*(\\d+(?:\\.\\d+)?)\\s*([a-zA-Z]*)\\s*");

    @Override
    public Long convert(String text) {
        return parse(text);
    }

    public static long parse(String text) {
        Matcher m = SIZE.matcher(text);
        if (!m.matches()) {
            throw new TypeConversionException("'" + text + "' is not a size; use a number with an optional unit"
                    + " (B, KiB, MiB, GiB, TiB, kB, MB, GB, TB), for example 64GiB");
        }
        BigDecimal unit = unitBytes(m.group(2), text);
        BigDecimal bytes = new BigDecimal(m.group(1)).multiply(unit);
        try {
            return bytes.stripTrailingZeros().longValueExact();
        } catch (ArithmeticException e) {
            throw new TypeConversionException("'" + text + "' is not a whole number of bytes below 2^63");
        }
    }

    private static BigDecimal unitBytes(String unit, String text) {
        switch (unit.toLowerCase(Locale.ROOT)) {
            case "":
            case "b":
                return BigDecimal.ONE;
            case "kib":
                return BigDecimal.valueOf(1L << 10);
            case "mib":
                return BigDecimal.valueOf(1L << 20);
            case "gib":
                return BigDecimal.valueOf(1L << 30);
            case "tib":
                return BigDecimal.valueOf(1L << 40);
            case "pib":
                return BigDecimal.valueOf(1L << 50);
            case "kb":
                return BigDecimal.valueOf(1_000L);
            case "mb":
                return BigDecimal.valueOf(1_000_000L);
            case "gb":
                return BigDecimal.valueOf(1_000_000_000L);
            case "tb":
                return BigDecimal.valueOf(1_000_000_000_000L);
            case "pb":
                return BigDecimal.valueOf(1_000_000_000_000_000L);
            default:
                throw new TypeConversionException("'" + text + "': unknown size unit '" + unit
                        + "'; use B, KiB, MiB, GiB, TiB, PiB (powers of 1024) or kB, MB, GB, TB, PB (powers of 1000)");
        }
    }
}
