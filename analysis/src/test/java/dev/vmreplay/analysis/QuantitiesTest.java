package dev.vmreplay.analysis;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class QuantitiesTest {
    @Test
    void ratesReadDecimalAndBinaryPrefixesInBitsPerSecond() {
        assertEquals(25e9, Quantities.parseRateBitsPerSec("link", "25Gbit/s"));
        assertEquals(8.0 * 1024 * 1024 * 1024, Quantities.parseRateBitsPerSec("link", "1GiB/s"));
        assertEquals(8e8, Quantities.parseRateBitsPerSec("link", "100MB/s"));
        assertEquals(0, Quantities.parseRateBitsPerSec("link", "0"));
    }

    @Test
    void durationsReadEveryUnitExactly() {
        assertEquals(500_000_000L, Quantities.parseDurationNanos("sla", "500ms"));
        assertEquals(1_500L, Quantities.parseDurationNanos("cost", "1.5us"));
        assertEquals(3_600_000_000_000L, Quantities.parseDurationNanos("window", "1h"));
        assertEquals(90_000_000_000L, Quantities.parseDurationNanos("window", "1.5min"));
    }

    @Test
    void sizesReadBinaryPrefixes() {
        assertEquals(4L << 30, Quantities.parseSizeBytes("memory", "4GiB"));
        assertEquals(4096, Quantities.parseSizeBytes("memory", "4096B"));
    }

    @Test
    void badValuesNameWhatWasParsed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Quantities.parseRateBitsPerSec("--link", "25Gbit"));
        assertTrue(e.getMessage().startsWith("--link: cannot read '25Gbit'"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Quantities.parseDurationNanos("--window", "5"));
        assertThrows(IllegalArgumentException.class, () -> Quantities.parseSizeBytes("memory", "4Gi"));
    }

    @Test
    void configRateRoundTripsThroughTheParser() {
        assertEquals("390625000B/s", Quantities.configRate(3.125e9));
        assertEquals(3.125e9, Quantities.parseRateBitsPerSec("x", Quantities.configRate(3.125e9)));
    }

    @Test
    void humanFormsKeepThreeSignificantDigits() {
        assertEquals("12.5 Gbit/s", Quantities.humanRate(12.5e9));
        assertEquals("4.1 s", Quantities.humanDuration(4_100_000_000L));
        assertEquals("1.5 GiB", Quantities.humanBytes(3L << 29));
    }
}
