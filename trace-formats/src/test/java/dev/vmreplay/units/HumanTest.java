package dev.vmreplay.units;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HumanTest {
    @ParameterizedTest(name = "{0} ns -> {1}")
    @CsvSource({"0,0 ns", "999,999 ns", "999.6,1.0 µs", "207900,207.9 µs", "999949,999.9 µs", "999950,1.00 ms",
            "12345678,12.35 ms", "999994999,999.99 ms", "999999950,1.000 s", "2790000000,2.790 s", "-1500,-1.5 µs"})
    void tableDurationsNeverPrintAThousandOfTheSmallerUnit(double nanos, String text) {
        assertEquals(text, Human.nanos(nanos));
    }

    @ParameterizedTest(name = "{0} B -> {1}")
    @CsvSource({"0,0 B", "512,512 B", "1023,1023 B", "1024,1 KiB", "20490,20.01 KiB", "12296,12.01 KiB",
            "325058560,310 MiB", "325582848,310.5 MiB", "1374097408,1.28 GiB", "1099511627776,1 TiB"})
    void tableBytesUseIecUnitsAndDropDecimalsOnExactMultiples(double bytes, String text) {
        assertEquals(text, Human.bytes(bytes));
    }

    @ParameterizedTest(name = "{0} ns -> {1}")
    @CsvSource({"0,0 ns", "999,999 ns", "386000,386 µs", "1290000,1.29 ms", "12345678,12.3 ms",
            "4100000000,4.1 s", "119000000000,119 s", "3600000000000,60 min", "5400000000000,90 min", "9000000000000,2.5 h"})
    void briefDurationsKeepThreeSignificantDigits(long nanos, String text) {
        assertEquals(text, Human.nanosBrief(nanos));
    }

    @ParameterizedTest(name = "{0} B -> {1}")
    @CsvSource({"0,0 B", "1023,1023 B", "1536,1.5 KiB", "1610612736,1.5 GiB", "325058560,310 MiB",
            "1374097408,1.28 GiB"})
    void briefBytesKeepThreeSignificantDigits(long bytes, String text) {
        assertEquals(text, Human.bytesBrief(bytes));
    }

    @ParameterizedTest(name = "{0} bit/s -> {1}")
    @CsvSource({"0,0 bit/s", "999,999 bit/s", "17300000,17.3 Mbit/s", "12500000000,12.5 Gbit/s",
            "25000000000,25 Gbit/s", "96800000000,96.8 Gbit/s", "2000000000000000,2000 Tbit/s"})
    void bitRatesUseDecimalPrefixes(double bitsPerSec, String text) {
        assertEquals(text, Human.bitsPerSecond(bitsPerSec));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"0,0", "1,1", "12.34,12.3", "0.012345,0.0123", "999.5,1000", "1290.4,1290", "-4.56,-4.56"})
    void significantKeepsThreeDigitsWithoutTrailingZeros(double v, String text) {
        assertEquals(text, Human.significant(v));
    }

    @Test
    void countsGroupThousandsWhateverTheLocale() {
        assertEquals("1,234,567", Human.count(1_234_567));
        assertEquals("1,234.5", Human.count(1234.54, 1));
        assertEquals("12.3%", Human.percent(0.1234));
        assertEquals("1 vCPU", Human.plural(1, "vCPU", "vCPUs"));
        assertEquals("1,024 pages", Human.plural(1024, "page", "pages"));
        assertEquals("12.350000 s", Human.seconds(12_350_000_000L));
    }
}
