package dev.vmreplay.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine.TypeConversionException;

class ByteSizeConverterTest {
    @ParameterizedTest(name = "{0} = {1} bytes")
    @CsvSource({"0,0", "4096,4096", "2 MiB,2097152", "1.5GiB,1610612736", "1tib,1099511627776", "8GB,8000000000"})
    void readsSizesWithTheSharedParser(String text, long bytes) {
        assertEquals(bytes, new ByteSizeConverter().convert(text));
    }

    @ParameterizedTest(name = "''{0}''")
    @CsvSource(delimiter = '|', value = {
        "0.3KiB | invalid size '0.3KiB': not a whole number of bytes (307.2); sizes take B, KiB",
        "1 G | invalid size '1 G': 'G' is ambiguous: write GiB (powers of 1024) or GB (powers of 1000); sizes take",
        "-1 | invalid size '-1': must not be negative; sizes take"})
    void badSizesBecomePicocliConversionErrorsWithTheParsersMessage(String text, String message) {
        TypeConversionException e = assertThrows(TypeConversionException.class,
                () -> new ByteSizeConverter().convert(text));
        assertTrue(e.getMessage().startsWith(message), e.getMessage());
    }
}
