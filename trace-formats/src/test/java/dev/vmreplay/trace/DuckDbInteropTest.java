package dev.vmreplay.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** vmreplay reads what DuckDB writes, and DuckDB reads what vmreplay writes. */
class DuckDbInteropTest {
    @TempDir
    Path dir;
    private Connection duck;

    @BeforeEach
    void openDuckDb() throws SQLException {
        duck = DriverManager.getConnection("jdbc:duckdb:");
    }

    @AfterEach
    void closeDuckDb() throws SQLException {
        duck.close();
    }

    private void sql(String s) throws SQLException {
        try (Statement st = duck.createStatement()) {
            st.execute(s);
        }
    }

    private long[] queryLongs(String s, int columns) throws SQLException {
        try (Statement st = duck.createStatement(); ResultSet rs = st.executeQuery(s)) {
            assertTrue(rs.next());
            long[] out = new long[columns];
            for (int i = 0; i < columns; i++) {
                out[i] = rs.getLong(i + 1);
            }
            return out;
        }
    }

    /** The documented DuckDB recipe: plain SQL types, columns come out OPTIONAL, op as TINYINT. */
    static String memoryTraceSelect(int rows) {
        return "SELECT i * 1000 AS t_ns, (i % 4)::INTEGER AS vcpu, ((i * 7919) % 100000) * 4096 AS gpa, "
                + "4096::INTEGER AS len, (CASE WHEN i % 10 = 0 THEN 1 ELSE 0 END)::TINYINT AS op FROM range(" + rows + ") t(i)";
    }

    @Test
    void readsAMemoryTraceDuckDbWroteWithoutManifest() throws Exception {
        Path file = dir.resolve("duck.parquet");
        sql("COPY (" + memoryTraceSelect(300_000) + ") TO '" + file + "' (FORMAT parquet, ROW_GROUP_SIZE 100000)");
        long[] expected = queryLongs("SELECT count(*), sum(t_ns), sum(vcpu), sum(gpa), sum(len), sum(op), max(gpa + len) "
                + "FROM '" + file + "'", 7);
        try (MemoryTraceReader r = Traces.openMemory(file)) {
            assertTrue(r.manifest().assumed());
            assertEquals(4, r.manifest().vcpus());
            assertEquals(expected[6], r.manifest().memoryBytes(), "memory assumed from the highest gpa + len");
            assertEquals(expected[0], r.rowCount());
            long[] sums = sums(r);
            for (int i = 0; i < 6; i++) {
                assertEquals(expected[i], sums[i], "aggregate " + i);
            }
        }
        assertEquals(TraceKind.MEMORY, Traces.detectKind(file));
    }

    @Test
    void readsDuckDbColumnsInAnyOrderWithExtraColumnsAndBigintEverywhere() throws Exception {
        Path file = dir.resolve("duck-bigint.parquet");
        // range() gives BIGINT: every column is INT64, in another order, with an extra string column.
        sql("COPY (SELECT 'x' || i AS note, i % 2 AS op, 512 AS len, i * 4096 AS gpa, i % 3 AS vcpu, i AS t_ns "
                + "FROM range(5000) t(i)) TO '" + file + "' (FORMAT parquet)");
        try (MemoryTraceReader r = Traces.openMemory(file)) {
            MemoryBatch all = TraceFixtures.readAll(r);
            assertEquals(5000, all.size);
            assertEquals(4999, all.timeNanos[4999]);
            assertEquals(4999L * 4096, all.gpa[4999]);
            assertEquals(4999 % 3, all.vcpu[4999]);
            assertEquals(512, all.lengthBytes[4999]);
            assertEquals(1, all.op[4999]);
            assertEquals(3, r.manifest().vcpus());
        }
    }

    @Test
    void readsTheManifestDuckDbStoredAsKeyValueMetadata() throws Exception {
        Path file = dir.resolve("duck-manifest.parquet");
        VmManifest manifest = TraceFixtures.manifest(7);
        String json = ManifestJson.toJson(manifest).replace("'", "''");
        sql("COPY (" + memoryTraceSelect(1000) + ") TO '" + file + "' (FORMAT parquet, KV_METADATA {'vmreplay.vm': '"
                + json + "'})");
        try (MemoryTraceReader r = Traces.openMemory(file)) {
            assertEquals(manifest, r.manifest());
            assertEquals(1000, TraceFixtures.readAll(r).size);
        }
    }

    @Test
    void readsDataPageV2AndOtherCodecsDuckDbWrote() throws Exception {
        for (String options : new String[] {"PARQUET_VERSION V2, COMPRESSION zstd", "COMPRESSION gzip",
            "COMPRESSION uncompressed", "PARQUET_VERSION V2, COMPRESSION snappy"}) {
            Path file = dir.resolve("v2-" + options.replaceAll("[^A-Za-z0-9]", "") + ".parquet");
            sql("COPY (" + memoryTraceSelect(50_000) + ") TO '" + file + "' (FORMAT parquet, " + options
                    + ", ROW_GROUP_SIZE 20480)");
            long[] expected = queryLongs("SELECT count(*), sum(t_ns), sum(vcpu), sum(gpa), sum(len), sum(op) FROM '"
                    + file + "'", 6);
            try (MemoryTraceReader r = Traces.openMemory(file, new ReadOptions(0, 3000))) {
                assertEquals(java.util.Arrays.toString(expected), java.util.Arrays.toString(sums(r)), options);
            }
        }
    }

    @Test
    void nullInADataPageV2IsNamed() throws Exception {
        Path file = dir.resolve("v2-null.parquet");
        sql("COPY (SELECT i AS t_ns, (CASE WHEN i = 777 THEN NULL ELSE 1 END)::INTEGER AS vcpu, 0 AS gpa, "
                + "4096::INTEGER AS len, 0::TINYINT AS op FROM range(2000) t(i)) TO '" + file
                + "' (FORMAT parquet, PARQUET_VERSION V2)");
        TraceFormatException e = org.junit.jupiter.api.Assertions.assertThrows(TraceFormatException.class, () -> {
            try (MemoryTraceReader r = Traces.openMemory(file, new ReadOptions(1L << 20, 100))) {
                TraceFixtures.readAll(r);
            }
        });
        assertEquals(777, e.row());
        assertEquals("vcpu", e.column());
    }

    @Test
    void readsAnIoTraceDuckDbWrote() throws Exception {
        Path file = dir.resolve("duck-io.parquet");
        sql("COPY (SELECT i * 10000 AS t_ns, (i % 2)::INTEGER AS queue, i AS req_id, (i % 3)::TINYINT AS op, "
                + "i * 4096 AS \"offset\", (CASE WHEN i % 3 = 2 THEN 0 ELSE 4096 END)::INTEGER AS len, "
                + "20000 + i % 100 AS service_ns FROM range(10000) t(i)) TO '" + file + "' (FORMAT parquet)");
        assertEquals(TraceKind.IO, Traces.detectKind(file));
        long[] expected = queryLongs("SELECT sum(t_ns), sum(queue), sum(req_id), sum(op), sum(\"offset\"), sum(len), "
                + "sum(service_ns) FROM '" + file + "'", 7);
        try (IoTraceReader r = Traces.openIo(file)) {
            assertEquals(2, r.manifest().ioQueues());
            IoBatch all = TraceFixtures.readAll(r);
            long[] got = new long[7];
            for (int i = 0; i < all.size; i++) {
                got[0] += all.timeNanos[i];
                got[1] += all.queue[i];
                got[2] += all.requestId[i];
                got[3] += all.op[i];
                got[4] += all.offsetBytes[i];
                got[5] += all.lengthBytes[i];
                got[6] += all.serviceNanos[i];
            }
            assertEquals(java.util.Arrays.toString(expected), java.util.Arrays.toString(got));
        }
    }

    @Test
    void duckDbReadsAVmreplayMemoryTraceWithTheSameCountAndSums() throws Exception {
        Path file = dir.resolve("ours.parquet");
        MemoryBatch rows = TraceFixtures.memoryRows(99, 200_000);
        VmManifest manifest = TraceFixtures.manifest(99);
        try (MemoryTraceWriter w = Traces.createMemory(file, manifest, WriteOptions.defaults().withRowGroupRows(64_000))) {
            TraceFixtures.write(w, rows, 99);
            w.commit();
        }
        long[] expected = new long[6];
        expected[0] = rows.size;
        for (int i = 0; i < rows.size; i++) {
            expected[1] += rows.timeNanos[i];
            expected[2] += rows.vcpu[i];
            expected[3] += rows.gpa[i] >> 12;
            expected[4] += rows.lengthBytes[i];
            expected[5] += rows.op[i];
        }
        long[] got = queryLongs("SELECT count(*), sum(t_ns)::BIGINT, sum(vcpu), sum(gpa >> 12)::BIGINT, sum(len), sum(op) FROM '"
                + file + "'", 6);
        assertEquals(java.util.Arrays.toString(expected), java.util.Arrays.toString(got));
        try (Statement st = duck.createStatement();
             ResultSet types = st.executeQuery("SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM '" + file + "')");
             ) {
            StringBuilder sb = new StringBuilder();
            while (types.next()) {
                sb.append(types.getString(1)).append(':').append(types.getString(2)).append(' ');
            }
            assertEquals("t_ns:BIGINT vcpu:INTEGER gpa:BIGINT len:INTEGER op:TINYINT ", sb.toString());
        }
        try (Statement st = duck.createStatement();
             ResultSet kv = st.executeQuery("SELECT decode(value) FROM parquet_kv_metadata('" + file + "') "
                     + "WHERE decode(key) = 'vmreplay.vm'")) {
            assertTrue(kv.next());
            assertEquals(manifest, ManifestJson.parse(kv.getString(1), file, "manifest"));
            assertFalse(kv.next());
        }
    }

    @Test
    void duckDbReadsAVmreplayIoTrace() throws Exception {
        Path file = dir.resolve("ours-io.parquet");
        IoBatch rows = TraceFixtures.ioRows(5, 50_000);
        try (IoTraceWriter w = Traces.createIo(file, TraceFixtures.manifest(5))) {
            w.write(rows);
            w.commit();
        }
        long serviceSum = 0;
        long lenSum = 0;
        for (int i = 0; i < rows.size; i++) {
            serviceSum += rows.serviceNanos[i];
            lenSum += rows.lengthBytes[i];
        }
        long[] got = queryLongs("SELECT count(*), sum(service_ns)::BIGINT, sum(len) FROM '" + file + "'", 3);
        assertEquals(rows.size, got[0]);
        assertEquals(serviceSum, got[1]);
        assertEquals(lenSum, got[2]);
    }

    private static long[] sums(MemoryTraceReader r) {
        long[] s = new long[6];
        MemoryBatch b = new MemoryBatch();
        while (r.next(b)) {
            s[0] += b.size;
            for (int i = 0; i < b.size; i++) {
                s[1] += b.timeNanos[i];
                s[2] += b.vcpu[i];
                s[3] += b.gpa[i];
                s[4] += b.lengthBytes[i];
                s[5] += b.op[i];
            }
        }
        return s;
    }
}
