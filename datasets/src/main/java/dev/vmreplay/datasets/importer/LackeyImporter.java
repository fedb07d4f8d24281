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
 * valgrind {@code --tool=lackey --trace-mem=yes} output: {@code I  addr,size} (instruction fetch),
 * {@code  L addr,size} (load), {@code  S addr,size} (store), {@code  M addr,size} (modify = load and
 * store). Stores and modifies become writes ({@code op 0}), loads reads ({@code op 2}); instruction
 * lines only drive the clock. Valgrind's own {@code ==pid==} message lines are skipped and counted.
 *
 * <p>Lackey has no timestamps, so time is program order on a stated clock,
 * {@code --instructions-per-second}: when the input has instruction lines, an access happens at
 * (instructions before it) / rate; when it has none (traces filtered to data accesses, like the
 * bundled sqlite3 sample), each access counts as one instruction, so accesses are evenly spaced at the
 * rate. Addresses are mapped by rank of distinct 4 KiB page onto dense guest memory, keeping the
 * offset inside the page.
 */
final class LackeyImporter implements Importer {
    @Override
    public String name() {
        return "lackey";
    }

    @Override
    public String description() {
        return "valgrind --tool=lackey --trace-mem=yes: S and M lines are writes, L lines reads, I lines advance the "
                + "clock (--instructions-per-second; without I lines one access per tick); pages mapped by rank";
    }

    @Override
    public boolean writesIo() {
        return false;
    }

    private interface AccessSink {
        void access(long instructionsBefore, long accessIndex, long address, int size, byte op);
    }

    /** Counts of the first pass. */
    private static final class Counts {
        long instructions;
        long loads;
        long stores;
        long modifies;
        long messages;
    }

    @Override
    public ImportResult run(List<Path> inputs, ImportOptions options, TraceOutputs outputs, Path out) {
        Provenance.requireInputs(name(), inputs);
        // Which clock applies is known only at the end (are there instruction lines?), so with --until the
        // pages of both candidate prefixes are collected and the right set kept.
        LongOpenHashSet byInstructions = new LongOpenHashSet();
        LongOpenHashSet byAccesses = options.untilNanos() > 0 ? new LongOpenHashSet() : byInstructions;
        int shift = options.pageMapping().blockShift();
        double nanosPerTick = 1e9 / options.instructionsPerSecond();
        long[] keptByClock = new long[2];
        Counts counts = scan(inputs, (instr, index, address, size, op) -> {
            long first = address >>> 12;
            long last = (address + size - 1) >>> 12;
            boolean keepI = options.keeps((long) (instr * nanosPerTick));
            boolean keepA = options.keeps((long) (index * nanosPerTick));
            for (long p = first; p <= last; p++) {
                if (keepI) {
                    byInstructions.add(p >>> shift);
                }
                if (keepA) {
                    byAccesses.add(p >>> shift);
                }
            }
            keptByClock[0] += keepI ? 1 : 0;
            keptByClock[1] += keepA ? 1 : 0;
        });
        boolean clockedByInstructions = counts.instructions > 0;
        DensePageMap map = new DensePageMap(clockedByInstructions ? byInstructions : byAccesses, options.pageMapping());
        Map<String, Object> provenance = Provenance.of(name(), inputs);
        provenance.put("instructions", counts.instructions);
        provenance.put("loads", counts.loads);
        provenance.put("stores", counts.stores);
        provenance.put("modifies", counts.modifies);
        provenance.put("valgrind_message_lines_skipped", counts.messages);
        provenance.put("instructions_per_second", options.instructionsPerSecond());
        provenance.put("time", clockedByInstructions
                ? "t_ns = instruction lines before the access / instructions_per_second"
                : "no instruction lines in the input: t_ns = access index / instructions_per_second (one access per tick)");
        provenance.put("ops", "S and M = write (op 0), L = read (op 2)");
        if (options.untilNanos() > 0) {
            long accesses = counts.loads + counts.stores + counts.modifies;
            provenance.put("until_ns", options.untilNanos());
            provenance.put("accesses_beyond_until_left_out", accesses - keptByClock[clockedByInstructions ? 0 : 1]);
        }
        provenance.put("page_mapping", map.summary());
        VmManifest manifest = new VmManifest(map.memoryBytes(options.memoryBytes()), options.vcpus(),
                List.of(), List.of(), 0, 0, provenance, false);
        MemoryBatch batch = new MemoryBatch();
        try (MemoryTraceWriter writer = outputs.memory(out, manifest)) {
            scan(inputs, (instr, index, address, size, op) -> {
                long ticks = clockedByInstructions ? instr : index;
                long t = (long) (ticks * nanosPerTick);
                if (!options.keeps(t)) {
                    return;
                }
                long gpa = map.rank(address >>> 12) * 4096L + (address & 4095L);
                batch.add(t, 0, gpa, size, op);
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

    private static Counts scan(List<Path> inputs, AccessSink sink) {
        Counts c = new Counts();
        Fields f = new Fields();
        long accessIndex = 0;
        for (Path file : inputs) {
            try (LineInput in = new LineInput(file)) {
                String line;
                while ((line = in.next()) != null) {
                    if (line.isEmpty()) {
                        continue;
                    }
                    if (line.startsWith("==")) {
                        c.messages++;
                        continue;
                    }
                    char kind;
                    int body;
                    if (line.length() > 3 && line.charAt(0) == 'I' && line.charAt(1) == ' ') {
                        kind = 'I';
                        body = 2;
                    } else if (line.length() > 3 && line.charAt(0) == ' ' && line.charAt(2) == ' ') {
                        kind = line.charAt(1);
                        body = 3;
                        if (kind != 'L' && kind != 'S' && kind != 'M') {
                            throw in.error(null, "unknown access kind '" + kind + "' (lackey writes I, L, S, M)");
                        }
                    } else {
                        throw in.error(null, "not a lackey line (expected 'I  addr,size' or ' L|S|M addr,size')");
                    }
                    f.split(in, line.substring(body), ',');
                    if (f.count() != 2) {
                        throw in.error(null, "expected addr,size");
                    }
                    long address = f.hex(0, "addr");
                    long size = f.decimal(1, "size");
                    if (size < 1 || size > 4096) {
                        throw in.error("size", "access size must be in 1..4096 bytes, was " + size);
                    }
                    if (kind == 'I') {
                        c.instructions++;
                        continue;
                    }
                    byte op;
                    if (kind == 'L') {
                        c.loads++;
                        op = MemoryBatch.OP_READ;
                    } else if (kind == 'S') {
                        c.stores++;
                        op = MemoryBatch.OP_WRITE;
                    } else {
                        c.modifies++;
                        op = MemoryBatch.OP_WRITE;
                    }
                    sink.access(c.instructions, accessIndex++, address, (int) size, op);
                }
            }
        }
        return c;
    }
}
