package dev.vmreplay.analysis.cache;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TraceLocationTest {
    private static final Path BASE = Path.of("/grids/g1");

    @Test
    void aUriStaysAsWrittenInsteadOfBecomingALocalPath() {
        TraceLocation t = TraceLocation.parse("hdfs://nn:8020/traces/vm-1.parquet", BASE);
        assertTrue(t.isRemote());
        assertEquals(URI.create("hdfs://nn:8020/traces/vm-1.parquet"), t.uri());
        assertEquals("hdfs://nn:8020/traces/vm-1.parquet", t.label(BASE));
        assertEquals("hdfs://nn:8020/traces/vm-1.parquet", t.toString());
        assertEquals("vm-1.parquet", t.fileName());
        assertThrows(IllegalStateException.class, t::localPath);
    }

    @Test
    void aPathIsResolvedAgainstTheBaseAndLabelledAsSweepsAlwaysDid() {
        TraceLocation inside = TraceLocation.parse("traces/../traces/a.parquet", BASE);
        assertFalse(inside.isRemote());
        assertEquals(Path.of("/grids/g1/traces/a.parquet"), inside.localPath());
        assertEquals("traces/a.parquet", inside.label(BASE));
        assertNull(inside.uri());
        TraceLocation outside = TraceLocation.parse("/data/b.parquet", BASE);
        assertEquals("/data/b.parquet", outside.label(BASE));
    }

    @Test
    void namesThatOnlyLookLikeSchemesArePaths() {
        // a colon without a slash after it, and a one-letter "scheme", are file names
        assertEquals(Path.of("/grids/g1/vm:1.parquet"), TraceLocation.parse("vm:1.parquet", BASE).localPath());
        assertFalse(TraceLocation.parse("C:/traces/a.parquet", BASE).isRemote());
    }

    @Test
    void aFileUriIsReadInPlaceButLabelledAsWritten() {
        TraceLocation t = TraceLocation.parse("file:///data/a%20b.parquet", BASE);
        assertFalse(t.isRemote());
        assertEquals(Path.of("/data/a b.parquet"), t.localPath());
        assertEquals("file:///data/a%20b.parquet", t.label(BASE));
        assertEquals(Path.of("/data/x.parquet"), TraceLocation.parse("file:/data/x.parquet", BASE).localPath());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TraceLocation.parse("file://otherhost/data/x.parquet", BASE));
        assertTrue(e.getMessage().contains("otherhost"), e.getMessage());
    }

    @Test
    void aMalformedUriIsRefusedNamingIt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TraceLocation.parse("hdfs://nn/traces/a b.parquet", BASE));
        assertTrue(e.getMessage().startsWith("not a valid URI: hdfs://nn/traces/a b.parquet"), e.getMessage());
    }

    @Test
    void theTextOfALocationReadsBackAsTheSameLocation() {
        for (String text : new String[] {"s3a://bucket/x/y.parquet", "/abs/z.parquet", "file:/abs/z.parquet"}) {
            TraceLocation t = TraceLocation.parse(text, BASE);
            assertEquals(t, TraceLocation.parse(t.toString(), Path.of("/elsewhere")), text);
        }
    }
}
