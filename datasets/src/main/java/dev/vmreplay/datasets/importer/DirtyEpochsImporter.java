package dev.vmreplay.datasets.importer;

import dev.vmreplay.datasets.output.TraceOutputs;
import dev.vmreplay.trace.MemoryBatch;
import dev.vmreplay.trace.MemoryTraceWriter;
import dev.vmreplay.trace.VmManifest;
import it.unimi.dsi.fastutil.longs.LongOpenHashSet;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * CSV {@code t_ns,vpn}: the 4 KiB pages written during each epoch, {@code t_ns} the epoch end (as
 * the vmreplay recorder and the bundled samples write it). An optional {@code t_ns,vpn} header on the
 * first line of each file; {@code vpn} decimal or {@code 0x} hex. Each row becomes a 4 KiB write at
 * the epoch end on vCPU 0, times rebased so the first epoch is at 0, pages mapped by rank onto a
 * dense guest range ({@link DensePageMap}). Several inputs are parts of one recording, in order.
 */
final class DirtyEpochsImporter implements Importer {
    private static final long MAX_VPN = (1L << 52) - 1;

    @Override
    public String name() {
        return "dirty-epochs";
    }

    @Override
    public String description() {
        return "CSV t_ns,vpn of pages written per epoch (vmreplay record, PAGEMAP_SCAN or soft-dirty loggers): "
                + "one 4KiB write per row at the epoch end, time rebased to 0, sparse page numbers mapped by rank "
                + "onto dense guest memory (order-preserving)";
    }

    @Override
    public boolean writesIo() {
        return false;
    }

    /** Receives rows of the first or second pass. */
    private interface RowSink {
        void row(long tNanos, long vpn);
    }

    @Override
    public ImportResult run(List<Path> inputs, ImportOptions options, TraceOutputs outputs, Path out) {
        Provenance.requireInputs(name(), inputs);
        LongOpenHashSet distinct = new LongOpenHashSet();
        long[] stats = new long[4]; // rows, epochs, first t, last t
        stats[2] = -1;
        scan(inputs, (t, vpn) -> {
            distinct.add(vpn);
            if (stats[0] == 0) {
                stats[2] = t;
                stats[1] = 1;
            } else if (t != stats[3]) {
                stats[1]++;
            }
            stats[3] = t;
            stats[0]++;
        });
        DensePageMap map = new DensePageMap(distinct);
        Map<String, Object> provenance = Provenance.of(name(), inputs);
        provenance.put("rows", stats[0]);
        provenance.put("epochs", stats[1]);
        provenance.put("time_base_ns", stats[2]);
        provenance.put("span_ns", stats[0] == 0 ? 0 : stats[3] - stats[2]);
        provenance.put("time", "t_ns rebased: row time minus the first row's time (epoch end)");
        provenance.put("page_mapping", map.summary());
        VmManifest manifest = new VmManifest(map.memoryBytes(options.memoryBytes()), options.vcpus(),
                List.of(), List.of(), 0, 0, provenance, false);
        long base = stats[2];
        MemoryBatch batch = new MemoryBatch();
        try (MemoryTraceWriter writer = outputs.memory(out, manifest)) {
            scan(inputs, (t, vpn) -> {
                batch.add(t - base, 0, map.rank(vpn) * 4096L, 4096, MemoryBatch.OP_WRITE);
                if (batch.isFull()) {
                    writer.write(batch);
                    batch.clear();
                }
            });
            if (batch.size > 0) {
                writer.write(batch);
            }
            writer.commit();
            return new ImportResult(manifest, writer.rowsWritten());
        }
    }

    private static void scan(List<Path> inputs, RowSink sink) {
        Fields f = new Fields();
        long previous = Long.MIN_VALUE;
        for (Path file : inputs) {
            try (LineInput in = new LineInput(file)) {
                String line;
                while ((line = in.next()) != null) {
                    if (line.isEmpty()) {
                        continue;
                    }
                    f.split(in, line, ',');
                    if (in.lineNumber() == 1 && f.count() == 2 && f.equalsText(0, "t_ns") && f.equalsText(1, "vpn")) {
                        continue;
                    }
                    if (f.count() != 2) {
                        throw in.error(null, "expected 2 comma-separated fields t_ns,vpn, found " + f.count());
                    }
                    long t = f.decimal(0, "t_ns");
                    long vpn = f.decimalOrHex(1, "vpn");
                    if (vpn > MAX_VPN) {
                        throw in.error("vpn", "vpn " + vpn + " is beyond 2^52 (not a page number of a 64-bit address)");
                    }
                    if (t < previous) {
                        throw in.error("t_ns", "t_ns goes backwards (" + t + " after " + previous
                                + "); epochs must be in time order");
                    }
                    previous = t;
                    sink.row(t, vpn);
                }
            }
        }
    }
}
