package dev.vmreplay.spark;

import dev.vmreplay.analysis.EngineBackend;
import dev.vmreplay.analysis.demo.GeneratedDemoFleet;
import dev.vmreplay.analysis.results.ResultsWriter;
import dev.vmreplay.analysis.results.RunSpec;
import dev.vmreplay.analysis.sweep.GridParser;
import dev.vmreplay.analysis.sweep.SweepListener;
import dev.vmreplay.analysis.sweep.SweepRunner;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Traces addressed by URI on Spark: read through the Hadoop client Spark brings, fetched into the
 * trace cache once, with the tables of a local sweep of the same grid.
 */
class SparkUriTraceTest {
    @TempDir
    Path dir;

    @Test
    void aTraceByUriIsFetchedOnceAndGivesTheLocalSweepsTables() throws Exception {
        Path fleet = dir.resolve("fleet");
        new GeneratedDemoFleet().prepare(fleet);
        // a trace only Hadoop's FileSystem can read, under a path no earlier test used (the cache's
        // memo of a URI survives in its directory)
        Path remote = dir.resolve("remote").resolve("web-hotcold.parquet");
        Files.createDirectories(remote.getParent());
        Files.copy(fleet.resolve("web-hotcold.parquet"), remote);
        Path grid = dir.resolve("grid.yaml");
        Files.writeString(grid, """
                traces:
                  - %s
                presets: [qemu-precopy, stop-and-copy, seeds-all]
                settings: {migration.start: 500ms}
                """.formatted(CountingFileSystem.uriOf(remote)));
        List<RunSpec> runs = new GridParser(new EngineBackend()).parse(grid).runs();
        assertEquals(3, runs.size());
        assertEquals(CountingFileSystem.uriOf(remote), runs.get(0).traceName(), "a URI is labelled as written");

        Path local = dir.resolve("local");
        new SweepRunner(new EngineBackend(), 2, SweepListener.NONE).run(runs, local);
        assertEquals(1, CountingFileSystem.opens(remote), "the local sweep fetched the trace once for all its runs");

        Path onSpark = dir.resolve("spark");
        try (SparkSweepRunner spark = new SparkSweepRunner("local[2]")) {
            SweepRunner.Outcome outcome = new SweepRunner(spark, SweepListener.NONE).run(runs, onSpark);
            assertEquals(3, outcome.ran());
        }
        // the executor of local[2] shares this machine's cache: it found the entry and fetched nothing
        assertEquals(1, CountingFileSystem.opens(remote), "Spark's runs read the cached copy");
        for (String table : List.of(ResultsWriter.RESULTS_PARQUET, ResultsWriter.RESULTS_CSV,
                ResultsWriter.PASSES_PARQUET)) {
            assertArrayEquals(Files.readAllBytes(local.resolve(table)), Files.readAllBytes(onSpark.resolve(table)),
                    table + " differs from the local sweep's");
        }
    }

    @Test
    void sparksHadoopClientReadsHdfsUris() throws Exception {
        // Our stripped hadoop-common has no hdfs: client; on Spark's classpath the scheme resolves,
        // which is what lets executors fetch hdfs:// traces (no HDFS is started here).
        assertEquals("org.apache.hadoop.hdfs.DistributedFileSystem",
                FileSystem.getFileSystemClass("hdfs", new Configuration()).getName());
    }
}
