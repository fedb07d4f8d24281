package dev.vmreplay.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.SmallIntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowFileWriter;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Schema mismatches and nulls in files written by other tools name the column (and the row). */
class SchemaAndNullTest {
    @TempDir
    Path dir;
    private Connection duck;

    @BeforeEach
    void open() throws Exception {
        duck = DriverManager.getConnection("jdbc:duckdb:");
    }

    @AfterEach
    void close() throws Exception {
        duck.close();
    }

    private Path duckFile(String name, String select) throws Exception {
        Path file = dir.resolve(name);
        try (Statement st = duck.createStatement()) {
            st.execute("COPY (" + select + ") TO '" + file + "' (FORMAT parquet, ROW_GROUP_SIZE 2048)");
        }
        return file;
    }

    @ParameterizedTest(name = "t_ns as {0}")
    @CsvSource({"DOUBLE, DOUBLE", "VARCHAR, BINARY", "TIMESTAMP, INT64 (TIMESTAMP"})
    void wrongTypeNamesTheColumnAndTheType(String sqlType, String shown) throws Exception {
        Path file = duckFile("typed.parquet", "SELECT (CASE WHEN '" + sqlType + "' = 'TIMESTAMP' THEN NULL ELSE i END)::" + sqlType
                + " AS t_ns, 0::INTEGER AS vcpu, 0::BIGINT AS gpa, 4096::INTEGER AS len, 0::TINYINT AS op FROM range(10) t(i)");
        TraceFormatException e = assertThrows(TraceFormatException.class, () -> Traces.openMemory(file).close());
        assertEquals("t_ns", e.column());
        assertTrue(e.getMessage().contains("column t_ns: wrong type " + shown), e.getMessage());
        assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
    }

    @Test
    void missingColumnIsNamed() throws Exception {
        Path file = duckFile("missing.parquet",
                "SELECT i AS t_ns, 0::INTEGER AS vcpu, 4096::INTEGER AS len, 0::TINYINT AS op FROM range(10) t(i)");
        TraceFormatException e = assertThrows(TraceFormatException.class, () -> Traces.openMemory(file).close());
        assertEquals("gpa", e.column());
        assertTrue(e.getMessage().contains("missing column"), e.getMessage());
        TraceFormatException kind = assertThrows(TraceFormatException.class, () -> Traces.detectKind(file));
        assertTrue(kind.getMessage().contains("match neither"), kind.getMessage());
    }

    @Test
    void nullInAnOptionalColumnNamesRowGroupRowAndColumn() throws Exception {
        Path file = duckFile("nulls.parquet", "SELECT i AS t_ns, 0::INTEGER AS vcpu, "
                + "(CASE WHEN i = 5000 THEN NULL ELSE i * 4096 END)::BIGINT AS gpa, 4096::INTEGER AS len, 0::TINYINT AS op "
                + "FROM range(10000) t(i)");
        TraceFormatException e = assertThrows(TraceFormatException.class, () -> {
            try (MemoryTraceReader r = Traces.openMemory(file, new ReadOptions(1L << 30, 1000))) {
                TraceFixtures.readAll(r);
            }
        });
        assertEquals(5000, e.row());
        assertEquals("gpa", e.column());
        assertTrue(e.rowGroup() >= 1, "5000 rows in: past the first 2048-row group: " + e.getMessage());
        assertTrue(e.getMessage().contains("null value"), e.getMessage());
    }

    @Test
    void valueTooWideForItsColumnIsRejected() throws Exception {
        Path file = duckFile("wide.parquet", "SELECT i AS t_ns, (CASE WHEN i = 7 THEN 5000000000 ELSE 0 END) AS vcpu, "
                + "0 AS gpa, 4096 AS len, 0 AS op FROM range(10) t(i)");
        TraceFormatException e = assertThrows(TraceFormatException.class, () -> {
            try (MemoryTraceReader r = Traces.openMemory(file, new ReadOptions(1L << 30, 1000))) {
                TraceFixtures.readAll(r);
            }
        });
        assertEquals(7, e.row());
        assertEquals("vcpu", e.column());
        assertTrue(e.getMessage().contains("does not fit int32"), e.getMessage());
    }

    /** parquet-mr's own example writer with data pages V2 and OPTIONAL columns, as Spark/parquet-mr users may write. */
    private Path parquetV2File(String name, int nullRow) throws Exception {
        Path file = dir.resolve(name);
        org.apache.parquet.schema.MessageType schema = org.apache.parquet.schema.MessageTypeParser.parseMessageType(
                "message spark_schema { optional int64 t_ns; optional int32 vcpu; optional int64 gpa; "
                        + "optional int32 len; optional int32 op (INTEGER(8,true)); }");
        try (var w = org.apache.parquet.hadoop.example.ExampleParquetWriter.builder(new org.apache.parquet.io.LocalOutputFile(file))
                .withConf(new org.apache.parquet.conf.PlainParquetConfiguration())
                .withType(schema)
                .withWriterVersion(org.apache.parquet.column.ParquetProperties.WriterVersion.PARQUET_2_0)
                .withCompressionCodec(org.apache.parquet.hadoop.metadata.CompressionCodecName.ZSTD)
                .withPageRowCountLimit(1000)
                .build()) {
            var factory = new org.apache.parquet.example.data.simple.SimpleGroupFactory(schema);
            for (int i = 0; i < 10_000; i++) {
                var g = factory.newGroup().append("t_ns", (long) i).append("gpa", i * 4096L).append("len", 4096)
                        .append("op", i % 3);
                if (i != nullRow) {
                    g.append("vcpu", i % 8);
                }
                w.write(g);
            }
        }
        return file;
    }

    @Test
    void readsDataPageV2WithOptionalColumns() throws Exception {
        Path file = parquetV2File("v2.parquet", -1);
        try (MemoryTraceReader r = Traces.openMemory(file, new ReadOptions(0, 777))) {
            MemoryBatch all = TraceFixtures.readAll(r);
            assertEquals(10_000, all.size);
            for (int i = 0; i < all.size; i++) {
                if (all.timeNanos[i] != i || all.vcpu[i] != i % 8 || all.gpa[i] != i * 4096L || all.op[i] != i % 3) {
                    throw new AssertionError("row " + i);
                }
            }
            assertEquals(8, r.manifest().vcpus());
        }
    }

    @Test
    void nullInDataPageV2NamesTheRow() throws Exception {
        Path file = parquetV2File("v2-null.parquet", 4321);
        TraceFormatException e = assertThrows(TraceFormatException.class, () -> {
            try (MemoryTraceReader r = Traces.openMemory(file, new ReadOptions(1L << 30, 1000))) {
                TraceFixtures.readAll(r);
            }
        });
        assertEquals(4321, e.row());
        assertEquals("vcpu", e.column());
    }

    /** An Arrow file as pyarrow writes it: nullable columns, here t_ns with a null in row 3 and op as int16. */
    private Path arrowFile(boolean withNull) throws Exception {
        Path file = dir.resolve(withNull ? "null.arrow" : "ok.arrow");
        Schema schema = new Schema(List.of(
                new Field("op", FieldType.nullable(new ArrowType.Int(16, true)), null),
                new Field("t_ns", FieldType.nullable(new ArrowType.Int(64, true)), null),
                new Field("vcpu", FieldType.nullable(new ArrowType.Int(32, true)), null),
                new Field("gpa", FieldType.nullable(new ArrowType.Int(64, true)), null),
                new Field("len", FieldType.nullable(new ArrowType.Int(32, true)), null)));
        try (BufferAllocator a = new RootAllocator();
             VectorSchemaRoot root = VectorSchemaRoot.create(schema, a);
             FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             ArrowFileWriter w = new ArrowFileWriter(root, null, ch)) {
            w.start();
            for (int batch = 0; batch < 2; batch++) {
                int n = 10;
                root.allocateNew();
                for (int i = 0; i < n; i++) {
                    ((SmallIntVector) root.getVector("op")).setSafe(i, 1);
                    BigIntVector t = (BigIntVector) root.getVector("t_ns");
                    if (withNull && batch == 1 && i == 3) {
                        t.setNull(i);
                    } else {
                        t.setSafe(i, batch * 100L + i);
                    }
                    ((IntVector) root.getVector("vcpu")).setSafe(i, i % 2);
                    ((BigIntVector) root.getVector("gpa")).setSafe(i, i * 4096L);
                    ((IntVector) root.getVector("len")).setSafe(i, 4096);
                }
                root.setRowCount(n);
                w.writeBatch();
            }
            w.end();
        }
        return file;
    }

    @Test
    void readsArrowWithNullableColumnsOtherWidthsAndOrder() throws Exception {
        Path file = arrowFile(false);
        try (MemoryTraceReader r = Traces.openMemory(file)) {
            assertTrue(r.manifest().assumed());
            assertEquals(2, r.manifest().vcpus());
            assertEquals(40960, r.manifest().memoryBytes(), "pre-scan finds the highest gpa + len");
            MemoryBatch all = TraceFixtures.readAll(r);
            assertEquals(20, all.size);
            assertEquals(109, all.timeNanos[19]);
            assertEquals(1, all.op[19]);
        }
    }

    @Test
    void nullInArrowNamesRecordBatchRowAndColumn() throws Exception {
        Path file = arrowFile(true);
        TraceFormatException e = assertThrows(TraceFormatException.class, () -> {
            try (MemoryTraceReader r = Traces.openMemory(file, new ReadOptions(1L << 20, 4))) {
                TraceFixtures.readAll(r);
            }
        });
        assertEquals(1, e.rowGroup());
        assertEquals(13, e.row());
        assertEquals("t_ns", e.column());
        assertTrue(e.getMessage().contains("null value"), e.getMessage());
    }
}
