package dev.vmreplay.datasets.importer;

import dev.vmreplay.datasets.output.TraceOutputs;
import dev.vmreplay.trace.LargePageRange;
import dev.vmreplay.trace.MemoryBatch;
import dev.vmreplay.trace.MemoryTraceWriter;
import dev.vmreplay.trace.VmManifest;
import it.unimi.dsi.fastutil.longs.LongOpenHashSet;
import java.nio.file.Path;
import java.util.ArrayList;
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
        return run(inputs, options, outputs, out, List.of(), null);
    }

    /**
     * The import, with what a recording adds: huge-page ranges of the process (start page, pages),
     * which become manifest large pages where whole 2 MiB blocks map to aligned guest blocks, and the
     * recorder's facts for the provenance.
     */
    ImportResult run(List<Path> inputs, ImportOptions options, TraceOutputs outputs, Path out,
                     List<long[]> hugeRanges, Map<String, Object> recorder) {
        Provenance.requireInputs(name(), inputs);
        int shift = options.pageMapping().blockShift();
        LongOpenHashSet distinct = new LongOpenHashSet();
        long[] stats = new long[5]; // rows, epochs, first t, last t, rows beyond --until
        boolean[] first = {true};
        long[] firstTime = {0};
        scan(inputs, (t, vpn) -> {
            if (first[0]) {
                firstTime[0] = t;
                first[0] = false;
            }
            if (!options.keeps(t - firstTime[0])) {
                stats[4]++;
                return;
            }
            distinct.add(vpn >>> shift);
            if (stats[0] == 0) {
                stats[2] = t;
                stats[1] = 1;
            } else if (t != stats[3]) {
                stats[1]++;
            }
            stats[3] = t;
            stats[0]++;
        });
        boolean blocks = options.pageMapping() == PageMapping.BLOCK_2M;
        if (blocks) {
            // Huge pages are guest memory even where no write was seen.
            for (long[] r : hugeRanges) {
                for (long b = (r[0] + 511) >>> 9; (b + 1) << 9 <= r[0] + r[1]; b++) {
                    distinct.add(b);
                }
            }
        }
        DensePageMap map = new DensePageMap(distinct, options.pageMapping());
        List<LargePageRange> largePages = blocks ? largePages(hugeRanges, map) : List.of();
        Map<String, Object> provenance = Provenance.of(recorder == null ? name() : "record", inputs);
        if (recorder != null) {
            provenance.put("recorder", recorder);
        }
        provenance.put("rows", stats[0]);
        provenance.put("epochs", stats[1]);
        provenance.put("time_base_ns", stats[2]);
        provenance.put("span_ns", stats[0] == 0 ? 0 : stats[3] - stats[2]);
        provenance.put("time", "t_ns rebased: row time minus the first row's time (epoch end)");
        if (options.untilNanos() > 0) {
            provenance.put("until_ns", options.untilNanos());
            provenance.put("rows_beyond_until_left_out", stats[4]);
        }
        provenance.put("page_mapping", map.summary());
        if (!hugeRanges.isEmpty()) {
            provenance.put("huge_page_ranges", hugeRanges.size());
            provenance.put("huge_page_note", blocks
                    ? "2MiB-aligned huge blocks of the process are manifest large_pages"
                    : "page mapping loses 2MiB alignment: huge ranges not carried into large_pages (use 2MiB-block)");
        }
        VmManifest manifest = new VmManifest(map.memoryBytes(options.memoryBytes()), options.vcpus(),
                largePages, List.of(), 0, 0, provenance, false);
        long base = stats[2];
        MemoryBatch batch = new MemoryBatch();
        try (MemoryTraceWriter writer = outputs.memory(out, manifest)) {
            scan(inputs, (t, vpn) -> {
                if (!options.keeps(t - base)) {
                    return;
                }
                batch.add(t - base, 0, map.rank(vpn) * 4096L, 4096, MemoryBatch.OP_WRITE);
                if (batch.isFull()) {
                    writer.write(batch);
                    batch.clear();
                }
            });
            if (batch.size > 0) {
                writer.write(batch);
            }
            Importers.requireRows(inputs, writer.rowsWritten(), options);
            writer.commit();
            return new ImportResult(manifest, writer.rowsWritten());
        }
    }

    /** Guest large pages from process huge ranges: each whole 2 MiB block, merged where adjacent. */
    private static List<LargePageRange> largePages(List<long[]> hugeRanges, DensePageMap map) {
        long[] gpas = new long[0];
        int n = 0;
        for (long[] r : hugeRanges) {
            for (long b = (r[0] + 511) >>> 9; (b + 1) << 9 <= r[0] + r[1]; b++) {
                long gpa = map.unitGpa(b);
                if (gpa >= 0) {
                    if (n == gpas.length) {
                        gpas = java.util.Arrays.copyOf(gpas, Math.max(16, n * 2));
                    }
                    gpas[n++] = gpa;
                }
            }
        }
        java.util.Arrays.sort(gpas, 0, n);
        List<LargePageRange> out = new ArrayList<>();
        long start = -1;
        long end = -1;
        for (int i = 0; i < n; i++) {
            if (gpas[i] == end) {
                end += LargePageRange.PAGE_2M;
                continue;
            }
            if (gpas[i] < end) {
                continue;
            }
            if (start >= 0) {
                out.add(new LargePageRange(start, end - start, LargePageRange.PAGE_2M));
            }
            start = gpas[i];
            end = start + LargePageRange.PAGE_2M;
        }
        if (start >= 0) {
            out.add(new LargePageRange(start, end - start, LargePageRange.PAGE_2M));
        }
        return out;
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
