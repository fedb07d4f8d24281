package dev.vmreplay.units;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class QuantityTest {
    @ParameterizedTest(name = "{0} = {1} bytes")
    @CsvSource(delimiter = '=', value = {
        "0 = 0", "4096 = 4096", "4096B = 4096", "2KiB = 2048", "2 MiB = 2097152", "1.5GiB = 1610612736",
        "64GiB = 68719476736", "1tib = 1099511627776", "1PiB = 1125899906842624", "8GB = 8000000000",
        "3kB = 3000", "3KB = 3000", "2MB = 2000000", "1TB = 1000000000000", "1PB = 1000000000000000",
        "1.5KiB = 1536", "' 16KiB ' = 16384", "0.5KiB = 512", ".5KiB = 512", "1.50MiB = 1572864",
        "8191PiB = 9222246136947933184", "0GiB = 0", "0.0 = 0"})
    void sizesTakeBinaryAndDecimalUnitsCaseInsensitively(String text, long bytes) {
        assertEquals(bytes, Quantity.parseBytes(text));
    }

    @ParameterizedTest(name = "''{0}'' is not a size: {1}")
    @CsvSource(delimiter = '|', value = {
        "'' | empty", "' ' | empty", "GiB | does not start with a number", "-1 | must not be negative",
        "-1KiB | must not be negative", "1.5 | not a whole number of bytes", "0.3KiB | not a whole number of bytes",
        "1XB | unknown size unit 'XB'", "1 G | 'G' is ambiguous: write GiB (powers of 1024) or GB (powers of 1000)",
        "64k | 'k' is ambiguous: write KiB (powers of 1024) or kB (powers of 1000)",
        "8192PiB | too large", "9999999TiB | too large", "1e9 | unknown size unit 'e9'",
        "1,5GiB | unknown size unit ',5GiB'", "1GiB/s | unknown size unit 'GiB/s'", "1_000 | unknown size unit '_000'"})
    void sizesRejectWhatIsNotAWholeNumberOfBytes(String text, String rule) {
        NumberFormatException e = assertThrows(NumberFormatException.class, () -> Quantity.parseBytes("--memory", text));
        String shown = text == null ? "" : text;
        assertTrue(e.getMessage().startsWith("--memory: invalid size '" + shown + "': "), e.getMessage());
        assertTrue(e.getMessage().contains(rule), e.getMessage());
        assertTrue(e.getMessage().contains("sizes take B, KiB"), "names what is allowed: " + e.getMessage());
        assertTrue(!e.getMessage().contains("\n"), "one line: " + e.getMessage());
    }

    @Test
    void nullIsAnEmptyValueNotANullPointer() {
        NumberFormatException e = assertThrows(NumberFormatException.class, () -> Quantity.parseBytes(null));
        assertTrue(e.getMessage().startsWith("invalid size '': empty"), e.getMessage());
    }

    @ParameterizedTest(name = "{0} = {1} ns")
    @CsvSource(delimiter = '=', value = {
        "0 = 0", "0.0 = 0", "1ns = 1", "1500ns = 1500", "1.5us = 1500", "1.5µs = 1500", "2μs = 2000",
        "300ms = 300000000", "300MS = 300000000", "0.5 ms = 500000", "60s = 60000000000", "1.5min = 90000000000",
        "1h = 3600000000000", "2562047h = 9223369200000000000", "0.000000001s = 1", "1.000us = 1000"})
    void durationsTakeEveryUnitExactly(String text, long nanos) {
        assertEquals(nanos, Quantity.parseDurationNanos(text));
    }

    @ParameterizedTest(name = "''{0}'' is not a duration: {1}")
    @CsvSource(delimiter = '|', value = {
        "100 | a duration other than 0 needs a unit", "1.5ns | not a whole number of nanoseconds (1.5)",
        "0.0000000001s | not a whole number of nanoseconds", "-1s | must not be negative",
        "5m | unknown duration unit 'm'", "5sec | unknown duration unit 'sec'", "2562048h | too large",
        "ms | does not start with a number"})
    void durationsRejectFractionsOfANanosecondAndMissingUnits(String text, String rule) {
        NumberFormatException e = assertThrows(NumberFormatException.class,
                () -> Quantity.parseDurationNanos("--epoch", text));
        assertTrue(e.getMessage().startsWith("--epoch: invalid duration '" + text + "': " + rule), e.getMessage());
        assertTrue(e.getMessage().endsWith("durations take ns, us, ms, s, min, h, e.g. 300ms, 1.5us"), e.getMessage());
    }

    @ParameterizedTest(name = "{0} = {1} B/s")
    @CsvSource(delimiter = '=', value = {
        "0 = 0", "10Gbit/s = 1250000000", "25Gbit/s = 3125000000", "1GiB/s = 1073741824", "100MB/s = 100000000",
        "128MiB/s = 134217728", "1 GiB/s = 1073741824", "8bit/s = 1", "1kbit/s = 125", "1Kbit/s = 125",
        "1.5Mbit/s = 187500", "1Tbit/s = 125000000000", "1Pbit/s = 125000000000000", "1Kibit/s = 128",
        "1Gibit/s = 134217728", "390625000B/s = 390625000", "1gbit/s = 125000000", "1GIB/s = 1073741824",
        "2.5GB/s = 2500000000", "1kB/s = 1000"})
    void dataRatesTakeBytesOrBitsPerSecond(String text, long bytesPerSec) {
        assertEquals(bytesPerSec, Quantity.parseBytesPerSecond(text));
    }

    @ParameterizedTest(name = "''{0}'' is not a rate: {1}")
    @CsvSource(delimiter = '|', value = {
        "10Gb/s | 'Gb/s' is ambiguous",
        "10Gb/s | write Gbit/s for bits or GB/s for bytes",
        "1gib/s | write gibit/s for bits or giB/s for bytes",
        "8b/s | write bit/s for bits or B/s for bytes",
        "25Gbit | a rate unit ends in /s, was 'Gbit'",
        "1GiB | a rate unit ends in /s, was 'GiB'",
        "100 | a rate other than 0 needs a unit",
        "1bit/s | not a whole number of bytes per second (0.125)",
        "1Xbit/s | unknown rate unit 'Xbit/s'",
        "1ibit/s | unknown rate unit 'ibit/s'",
        "1/s | unknown rate unit '/s'",
        "50k/s | unknown rate unit 'k/s'",
        "-1GiB/s | must not be negative",
        "8192PiB/s | too large"})
    void dataRatesRejectAmbiguousAndInexactValues(String text, String rule) {
        NumberFormatException e = assertThrows(NumberFormatException.class,
                () -> Quantity.parseBytesPerSecond("link.bandwidth", text));
        assertTrue(e.getMessage().startsWith("link.bandwidth: invalid rate '" + text + "': "), e.getMessage());
        assertTrue(e.getMessage().contains(rule), e.getMessage());
    }

    @ParameterizedTest(name = "{0} = {1}/s")
    @CsvSource(delimiter = '=', value = {
        "0 = 0", "20000 = 20000", "20000/s = 20000", "50k/s = 50000", "50K/s = 50000", "1.5M/s = 1500000",
        "2G/s = 2000000000", "0.5/s = 0.5", "2.5k = 2500", "1T/s = 1000000000000"})
    void eventRatesTakeSiPrefixes(String text, double perSecond) {
        assertEquals(perSecond, Quantity.parseEventsPerSecond("rate", text));
        assertEquals(perSecond, Quantity.parseEventsPerSecond("rate", text, 4096));
    }

    @Test
    void eventRatesTooLargeForADoubleAreRejected() {
        String huge = "1" + "0".repeat(400) + "/s";
        NumberFormatException e = assertThrows(NumberFormatException.class, () -> Quantity.parseEventsPerSecond("r", huge));
        assertTrue(e.getMessage().contains("': too large;"), e.getMessage());
    }

    @Test
    void eventRatesReadADataRateAsEventsOfTheGivenSize() {
        assertEquals(51_200, Quantity.parseEventsPerSecond("rate", "200MiB/s", 4096));
        assertEquals(30_517.578125, Quantity.parseEventsPerSecond("rate", "1Gbit/s", 4096));
        assertEquals(1e9, Quantity.parseEventsPerSecond("rate", "1GB/s", 1));
        NumberFormatException e = assertThrows(NumberFormatException.class,
                () -> Quantity.parseEventsPerSecond("rate", "200MiB/s"));
        assertTrue(e.getMessage().contains("unknown event rate unit 'MiB/s'"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"fast", "-5k/s", "5x/s", "5kHz", "10Gb/s", "", "k/s", "1e3/s"})
    void eventRatesRejectUnknownUnits(String text) {
        NumberFormatException e = assertThrows(NumberFormatException.class,
                () -> Quantity.parseEventsPerSecond("workload parameter rate", text, 4096));
        assertTrue(e.getMessage().startsWith("workload parameter rate: invalid rate '" + text + "': "), e.getMessage());
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '=', value = {
        "0 = 0", "32 = 32", "1k = 1000", "50K = 50000", "1.5M = 1500000", "2G = 2000000000",
        "9223372036854775807 = 9223372036854775807", "9223372.036854775807T = 9223372036854775807"})
    void countsTakeSiSuffixes(String text, long count) {
        assertEquals(count, Quantity.parseCount(text));
    }

    @ParameterizedTest(name = "''{0}'' is not a count: {1}")
    @CsvSource(delimiter = '|', value = {"1.5 | not a whole number (1.5)", "1.0001k | not a whole number",
        "9223372036854775808 | too large", "5 pages | unknown count suffix 'pages'", "-3 | must not be negative",
        "1KiB | unknown count suffix 'KiB'"})
    void countsRejectFractionsAndOverflow(String text, String rule) {
        NumberFormatException e = assertThrows(NumberFormatException.class, () -> Quantity.parseCount(text));
        assertTrue(e.getMessage().startsWith("invalid count '" + text + "': " + rule), e.getMessage());
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '=', value = {
        "0 = 0", "0.25 = 0.25", ".5 = 0.5", "1 = 1", "30% = 0.3", "30 % = 0.3", "100% = 1", "0% = 0",
        "0.7% = 0.007", "12.5% = 0.125"})
    void fractionsTakeADecimalOrAPercentage(String text, double share) {
        assertEquals(share, Quantity.parseFraction(text));
    }

    @ParameterizedTest(name = "''{0}'' is not a fraction: {1}")
    @CsvSource(delimiter = '|', value = {"1.2 | larger than 1 (100%)", "101% | larger than 1 (100%)",
        "-5% | must not be negative", "5x | a fraction takes no unit other than %, was 'x'", "half | does not start"})
    void fractionsRejectValuesOutside0To1(String text, String rule) {
        NumberFormatException e = assertThrows(NumberFormatException.class, () -> Quantity.parseFraction("f", text));
        assertTrue(e.getMessage().startsWith("f: invalid fraction '" + text + "': " + rule), e.getMessage());
        assertTrue(e.getMessage().endsWith("fractions lie in 0..1 or 0%..100%, e.g. 0.3 or 30%"), e.getMessage());
    }

    @ParameterizedTest(name = "{0} bytes -> {1}")
    @CsvSource({"0,0", "1,1B", "4097,4097B", "1024,1KiB", "2097152,2MiB", "1610612736,1536MiB",
        "68719476736,64GiB", "1099511627776,1TiB", "1125899906842624,1PiB", "8000000000,8GB", "3000,3kB",
        "1000000000000,1TB", "1024000,1000KiB", "9223372036854775807,9223372036854775807B"})
    void sizesFormatExactlyInTheUnitGivingTheSmallestNumber(long bytes, String text) {
        assertEquals(text, Quantity.formatBytes(bytes));
        assertEquals(bytes, Quantity.parseBytes(text));
    }

    @ParameterizedTest(name = "{0} ns -> {1}")
    @CsvSource({"0,0", "1,1ns", "1500,1500ns", "2000,2us", "300000000,300ms", "1000000000,1s", "90000000000,90s",
        "120000000000,2min", "7200000000000,2h", "9223372036854775807,9223372036854775807ns"})
    void durationsFormatInTheLargestExactUnit(long nanos, String text) {
        assertEquals(text, Quantity.formatDurationNanos(nanos));
        assertEquals(nanos, Quantity.parseDurationNanos(text));
    }

    @ParameterizedTest(name = "{0} B/s -> {1}")
    @CsvSource({"0,0", "1250000000,10Gbit/s", "3125000000,25Gbit/s", "134217728,128MiB/s", "1073741824,1GiB/s",
        "2147483648,2GiB/s", "1024,1KiB/s", "125000,1Mbit/s", "125000000000,1Tbit/s", "390625001,390625001B/s",
        "1000000000000,1TB/s", "1000000000000000,1PB/s", "1500000000000,12Tbit/s", "100000000,100MB/s", "1000000000,1GB/s", "1000,1kB/s",
        "125,1kbit/s", "1125899906842624,1PiB/s"})
    void ratesFormatExactlyInTheUnitGivingTheSmallestNumber(long bytesPerSec, String text) {
        assertEquals(text, Quantity.formatBytesPerSecond(bytesPerSec));
        assertEquals(bytesPerSec, Quantity.parseBytesPerSecond(text));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"0,0", "1,1", "0.2,0.2", "0.25,0.25", "0.007,0.007", "1.0E-4,0.0001"})
    void fractionsFormatAsShortPlainDecimals(double share, String text) {
        assertEquals(text, Quantity.formatFraction(share));
        assertEquals(share, Quantity.parseFraction(text));
    }

    @Test
    void everyFormattedValueParsesBackToItself() {
        long seed = 20261126L;
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < 20_000; i++) {
            // mix small, round and huge values so every unit branch is taken
            long v = switch (i % 4) {
                case 0 -> random.nextLong(0, Long.MAX_VALUE);
                case 1 -> random.nextLong(0, 1 << 20) << random.nextInt(0, 40);
                case 2 -> random.nextLong(0, 1000) * new long[] {1, 1_000, 125_000, 1_000_000_000L}[random.nextInt(4)];
                default -> random.nextLong(0, 10_000);
            };
            String where = "seed " + seed + ", value " + v;
            assertEquals(v, Quantity.parseBytes(Quantity.formatBytes(v)), where);
            assertEquals(v, Quantity.parseDurationNanos(Quantity.formatDurationNanos(v)), where);
            assertEquals(v, Quantity.parseBytesPerSecond(Quantity.formatBytesPerSecond(v)), where);
        }
    }
}
