package dev.vmreplay.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HumanTest {
    @ParameterizedTest(name = "{0} ns -> {1}")
    @CsvSource({"0,0 ns", "999,999 ns", "999.6,1.0 us", "207900,207.9 us", "999949,999.9 us", "999950,1.00 ms",
            "12345678,12.35 ms", "999994999,999.99 ms", "999999950,1.000 s", "2790000000,2.790 s"})
    void durationsNeverPrintAThousandOfTheSmallerUnit(double nanos, String text) {
        assertEquals(text, Human.nanos(nanos));
    }

    @ParameterizedTest(name = "{0} B -> {1}")
    @CsvSource({"0,0 B", "512,512 B", "1023,1023 B", "1024,1 KiB", "20490,20.01 KiB", "12296,12.01 KiB",
            "325058560,310 MiB", "1374097408,1.28 GiB", "1099511627776,1 TiB"})
    void bytesUseIecUnitsAndDropDecimalsOnExactMultiples(double bytes, String text) {
        assertEquals(text, Human.bytes(bytes));
    }
}
