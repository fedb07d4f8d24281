package dev.vmreplay.cli;

import dev.vmreplay.units.Quantity;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * A size option ({@code --memory 64GiB}) read by {@link Quantity#parseBytes(String)}. Picocli reports
 * a {@link TypeConversionException} as "Invalid value for option '--memory': ..." with usage help,
 * so the shared parser's message is rethrown as one.
 */
public final class ByteSizeConverter implements ITypeConverter<Long> {
    @Override
    public Long convert(String text) {
        try {
            return Quantity.parseBytes(text);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }
}
