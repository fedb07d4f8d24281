package dev.vmreplay.analysis.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class WindowSeriesTest {
    @Test
    void medianOfOddCountIsTheMiddleValue() {
        WindowSeries s = new WindowSeries(10);
        s.add(7);
        s.add(1);
        s.add(4);
        assertEquals(new SeriesSummary(10, 3, 1, 4.0, 4.0, 7), s.summary());
    }

    @Test
    void medianOfEvenCountIsTheMeanOfTheTwoMiddleValues() {
        WindowSeries s = new WindowSeries(10);
        s.add(10);
        s.add(2);
        s.add(3);
        s.add(100);
        assertEquals(new SeriesSummary(10, 4, 2, 6.5, 28.75, 100), s.summary());
    }

    @Test
    void emptyWindowsCountAsZerosInEveryStatistic() {
        WindowSeries s = new WindowSeries(10);
        s.add(6);
        s.addZeros(2);
        s.add(0);
        s.add(9);
        // values 0,0,0,6,9
        assertEquals(new SeriesSummary(10, 5, 0, 0.0, 3.0, 9), s.summary());
    }

    @Test
    void manyEmptyWindowsCostNoStorageAndKeepTheMedianRight() {
        WindowSeries s = new WindowSeries(10);
        s.addZeros(3_000_000_000L);
        s.add(5);
        SeriesSummary summary = s.summary();
        assertEquals(3_000_000_001L, summary.windows());
        assertEquals(0.0, summary.median());
        assertEquals(5, summary.max());
    }

    @Test
    void noWindowsGivesAnEmptySummary() {
        assertTrue(new WindowSeries(10).summary().isEmpty());
    }
}
