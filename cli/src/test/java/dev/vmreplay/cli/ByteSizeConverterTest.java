package dev.vmreplay.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine.TypeConversionException;

class ByteSizeConverterTest {
    @ParameterizedTest(name = "{0} = {1} bytes")
    @CsvSource({"0,0", "4096,4096", "4096B,4096", "2KiB,2048", "2 MiB,2097152", "1.5GiB,1610612736",
            "1tib,1099511627776", "8GB,8000000000", "3kB,3000", "1PiB,1125899906842624"})
    void parsesIecAndSiUnits(String text, long bytes) {
        assertEquals(bytes, ByteSizeConverter.parse(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "GiB", "-1", "1.5", "0.3KiB", "1XB", "1 G", "9999999TiB", "1e9"})
    void rejectsWhatIsNotAWholeNumberOfBytes(String text) {
        assertThrows(TypeConversionException.class, () -> ByteSizeConverter.parse(text));
    }
}
