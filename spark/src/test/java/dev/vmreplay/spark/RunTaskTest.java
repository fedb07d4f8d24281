package dev.vmreplay.spark;

import dev.vmreplay.analysis.cache.TraceLocation;
import dev.vmreplay.analysis.results.RunSpec;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What a task carries to an executor, without starting Spark. */
class RunTaskTest {
    @Test
    void aTaskCarriesAUriAndAPathToTheExecutorUnchanged() throws Exception {
        String uri = "hdfs://namenode:8020/traces/vm-1.parquet";
        RunSpec spec = new RunSpec(TraceLocation.parse(uri, Path.of("/grid")),
                TraceLocation.of(Path.of("/data/vm-1.io.parquet")), uri, "vm-1.io.parquet", "postcopy",
                Map.of("link.bandwidth", "10Gbit/s"), 0);

        SparkSweepRunner.RunTask task = SparkSweepRunner.RunTask.of(3, spec, "fingerprint");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(task); // as Spark ships it
        }
        SparkSweepRunner.RunTask shipped;
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            shipped = (SparkSweepRunner.RunTask) in.readObject();
        }
        RunSpec back = shipped.spec();

        assertEquals(spec, back);
        assertEquals(spec.runId(), back.runId());
        assertTrue(back.trace().isRemote(), "not mangled into the local path hdfs:/namenode:8020/...");
        assertEquals(uri, back.trace().toString());
        assertFalse(back.ioTrace().isRemote());
        assertEquals(Path.of("/data/vm-1.io.parquet"), back.ioTracePath());
    }
}
