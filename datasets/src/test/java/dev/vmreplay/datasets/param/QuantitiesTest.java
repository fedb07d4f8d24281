package dev.vmreplay.datasets.param;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class QuantitiesTest {
    @Test
    void sizesTakeBinaryAndDecimalUnits() {
        assertEquals(64L << 30, Quantities.parseBytes("m", "64GiB"));
        assertEquals(3L << 29, Quantities.parseBytes("m", "1.5GiB"));
        assertEquals(2_000_000L, Quantities.parseBytes("m", "2MB"));
        assertEquals(4096, Quantities.parseBytes("m", "4096"));
        assertEquals(0, Quantities.parseBytes("m", "0"));
    }

    @Test
    void durationsTakeUnitsAndABareZero() {
        assertEquals(60_000_000_000L, Quantities.parseDurationNanos("d", "60s"));
        assertEquals(1_500, Quantities.parseDurationNanos("d", "1.5us"));
        assertEquals(100_000_000L, Quantities.parseDurationNanos("d", "100ms"));
        assertEquals(0, Quantities.parseDurationNanos("d", "0"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Quantities.parseDurationNanos("--epoch", "100"));
        assertTrue(e.getMessage().contains("--epoch"), e.getMessage());
    }

    @Test
    void ratesAreCountsOrBytesPerSecond() {
        assertEquals(50_000, Quantities.parseRatePerSecond("r", "50k/s", 4096));
        assertEquals(1.5e6, Quantities.parseRatePerSecond("r", "1.5M/s", 4096));
        assertEquals(51_200, Quantities.parseRatePerSecond("r", "200MiB/s", 4096));
        assertEquals(20_000, Quantities.parseRatePerSecond("r", "20000", 4096));
        assertThrows(IllegalArgumentException.class, () -> Quantities.parseRatePerSecond("r", "fast", 4096));
    }

    @Test
    void fractionsTakePercentAndRejectOutOfRange() {
        assertEquals(0.3, Quantities.parseFraction("f", "30%"), 1e-12);
        assertEquals(0.25, Quantities.parseFraction("f", "0.25"), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> Quantities.parseFraction("f", "1.2"));
        assertThrows(IllegalArgumentException.class, () -> Quantities.parseFraction("f", "-5%"));
    }

    @Test
    void sizeParameterAsPercentIsAShareOfMemory() {
        Params p = new Params("w", List.of(ParamSpec.of("ws", ParamSpec.Kind.SIZE, "100%", "")), Map.of("ws", "25%"));
        assertEquals(1L << 30, p.bytes("ws", 4L << 30));
    }

    @Test
    void keyValuePairsRejectDuplicatesAndMissingValues() {
        assertEquals(Map.of("a", "1", "b", "x=y"), Params.parsePairs(List.of("a=1", "b=x=y")));
        assertThrows(IllegalArgumentException.class, () -> Params.parsePairs(List.of("a=1", "a=2")));
        assertThrows(IllegalArgumentException.class, () -> Params.parsePairs(List.of("a")));
    }
}
