package dev.vmreplay.analysis.report;

import dev.vmreplay.analysis.FakeBackend;
import dev.vmreplay.analysis.sweep.GridParser;
import dev.vmreplay.analysis.sweep.SweepListener;
import dev.vmreplay.analysis.sweep.SweepRunner;

import java.nio.file.Files;
import java.nio.file.Path;

/** A small swept results directory made with {@link FakeBackend}, whose numbers are known. */
final class ReportFixture {
    static final String GRID = """
            traces:
              - vm-a.parquet
              - memory: vm-b.parquet
                io: vm-b-io.parquet
            presets: all
            axes:
              link.bandwidth: [1Gbit/s, 10Gbit/s, 25Gbit/s]
            """;

    private ReportFixture() {
    }

    static Path sweep(Path dir) throws Exception {
        FakeBackend.writeTrace(dir.resolve("vm-a.parquet"), 1L << 30);
        FakeBackend.writeTrace(dir.resolve("vm-b.parquet"), 4L << 30);
        Files.writeString(dir.resolve("vm-b-io.parquet"), "io");
        FakeBackend backend = new FakeBackend();
        Path out = dir.resolve("sweep");
        new SweepRunner(backend, 2, SweepListener.NONE)
                .run(new GridParser(backend).parse(dir.resolve("grid.yaml"), GRID).runs(), out);
        return out;
    }
}
