package dev.vmreplay.datasets.param;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ParamsTest {
    private static final List<ParamSpec> SPECS = List.of(
            ParamSpec.of("ws", ParamSpec.Kind.SIZE, "100%", ""),
            ParamSpec.of("rate", ParamSpec.Kind.RATE, "50k/s", ""),
            ParamSpec.of("burst", ParamSpec.Kind.DURATION, "200ms", ""),
            ParamSpec.of("share", ParamSpec.Kind.FRACTION, "30%", ""),
            ParamSpec.of("skew", ParamSpec.Kind.NUMBER, "0.99", ""));

    private static Params params(Map<String, String> given) {
        return new Params("workload w", SPECS, given);
    }

    @Test
    void defaultsAreReadWithTheirUnits() {
        Params p = params(Map.of());
        assertEquals(4L << 30, p.bytes("ws", 4L << 30));
        assertEquals(50_000, p.rate("rate"));
        assertEquals(200_000_000L, p.durationNanos("burst"));
        assertEquals(0.3, p.fraction("share"));
        assertEquals(0.99, p.number("skew"));
    }

    @Test
    void sizeParameterAsPercentIsAShareOfMemoryRoundedDownToAPage() {
        assertEquals(1L << 30, params(Map.of("ws", "25%")).bytes("ws", 4L << 30));
        assertEquals(4096, params(Map.of("ws", "0.1%")).bytes("ws", 4 * 1024 * 1024));
        assertEquals(64L << 20, params(Map.of("ws", "64MiB")).bytes("ws", 4L << 30));
    }

    @Test
    void rateParameterReadsByteRatesAsPagesPerSecond() {
        assertEquals(51_200, params(Map.of("rate", "200MiB/s")).rate("rate"));
        assertEquals(1_500_000, params(Map.of("rate", "1.5M/s")).rate("rate"));
        assertEquals(20_000, params(Map.of("rate", "20000")).rate("rate"));
    }

    @Test
    void badValuesNameTheOwnerAndTheParameter() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> params(Map.of("rate", "fast")).rate("rate"));
        assertTrue(e.getMessage().startsWith("workload w parameter rate: invalid rate 'fast'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> params(Map.of("share", "120%")).fraction("share"));
        assertTrue(e.getMessage().startsWith("workload w parameter share: invalid fraction '120%'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> params(Map.of("skew", "steep")).number("skew"));
        assertEquals("workload w parameter skew: 'steep' is not a number", e.getMessage());
    }

    @Test
    void keyValuePairsRejectDuplicatesAndMissingValues() {
        assertEquals(Map.of("a", "1", "b", "x=y"), Params.parsePairs(List.of("a=1", "b=x=y")));
        assertThrows(IllegalArgumentException.class, () -> Params.parsePairs(List.of("a=1", "a=2")));
        assertThrows(IllegalArgumentException.class, () -> Params.parsePairs(List.of("a")));
    }
}
