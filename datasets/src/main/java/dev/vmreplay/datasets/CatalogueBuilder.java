package dev.vmreplay.datasets;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vmreplay.datasets.generate.Generator;
import dev.vmreplay.datasets.generate.GuestSpec;
import dev.vmreplay.datasets.generate.Workloads;
import dev.vmreplay.datasets.importer.ImportOptions;
import dev.vmreplay.datasets.importer.Importers;
import dev.vmreplay.datasets.output.TraceOutputs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the bundled catalogue from the real samples and the generators: run by
 * {@code datasets/build-catalogue.sh} (arguments: samples directory, output directory). Everything is
 * deterministic, so a rebuild writes identical files. Each real recording is cut with the importers'
 * {@code --until} to keep files at tens to hundreds of KB.
 */
public final class CatalogueBuilder {
    private static final long MS = 1_000_000L;
    private static final long S = 1_000_000_000L;
    private static final long GIB = 1L << 30;

    private final Path samples;
    private final Path out;
    private final ArrayNode index;

    private CatalogueBuilder(Path samples, Path out, ArrayNode index) {
        this.samples = samples;
        this.out = out;
        this.index = index;
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: CatalogueBuilder SAMPLES_DIR OUT_DIR");
            System.exit(2);
        }
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = json.createObjectNode();
        root.put("about", "vmreplay bundled datasets; rebuilt by datasets/build-catalogue.sh, do not edit by hand");
        CatalogueBuilder b = new CatalogueBuilder(Path.of(args[0]), Path.of(args[1]), root.putArray("datasets"));
        Files.createDirectories(b.out);
        b.build();
        Files.writeString(b.out.resolve(Catalogue.INDEX), json.writeValueAsString(root) + "\n");
    }

    private void build() {
        imported("sort-dirty-epochs", "dirty-epochs", List.of("sort-dirty-epochs.csv.gz"), List.of(), 0,
                "GNU sort -S 200M of a shuffled 3M-line file: pages written per 50 ms epoch (the first lists the pages"
                        + " already present), mapped by rank onto dense memory; the whole 2.8 s recording.");
        imported("python-dict-dirty-epochs", "dirty-epochs", List.of("python-dict-dirty-epochs.csv.gz"), List.of(),
                1000 * MS, "CPython building a 4M-entry dict then updating it at random: about 600k dirty pages/s in"
                        + " 100 ms epochs; the first second.");
        imported("sqlite3-insert-lackey", "lackey", List.of("sqlite3-insert.lackey.gz"), List.of(), 2 * MS,
                "sqlite3 inserting 2000 rows and building an index, every store (valgrind lackey) at 100M accesses/s"
                        + " program-order clock; the first 200k of the recording's 4.7M writes.");
        imported("fio-randrw", "fio-iolog", List.of("fio-randrw.iolog.gz"), List.of("fio-randrw-clat.log.gz"),
                1000 * MS, "fio 4 KiB random 70/30 read/write, libaio, iodepth 8, O_DIRECT: IO trace with per-request"
                        + " service time from the fio latency log; the first second (60.5k requests).");
        generated("idle-2g", "idle", new GuestSpec(2 * GIB, 2, 10 * S, 1), Map.of(),
                "An idle 2 GiB, 2-vCPU guest: 90% zero memory, 100 page writes/s; 10 s.");
        generated("hot-cold-4g", "hot-cold", new GuestSpec(4 * GIB, 4, 5 * S, 1), Map.of("rate", "20k/s"),
                "A 4 GiB, 4-vCPU guest with a Zipf(0.99) working set over half its memory, 20k page writes/s; 5 s.");
        generated("sequential-1g", "sequential", new GuestSpec(GIB, 2, 5 * S, 1),
                Map.of("rate", "10k/s", "working-set", "64MiB"),
                "The closed-form case: 2 vCPUs streaming cyclically over 64 MiB at 10k pages/s in a 1 GiB guest; 5 s.");
        generated("zeroing-2g", "zeroing", new GuestSpec(2 * GIB, 2, 5 * S, 1), Map.of("rate", "10k/s"),
                "A 2 GiB guest freeing memory: half of its 10k page writes/s are writes of zeros (op 1); 5 s.");
        generated("bursty-2g", "bursty", new GuestSpec(2 * GIB, 2, 5 * S, 1), Map.of("rate", "50k/s"),
                "A 2 GiB guest alternating 200 ms bursts at 50k pages/s with 800 ms quiet phases at 1k/s; 5 s.");
        generated("database-8g", "database", new GuestSpec(8 * GIB, 4, 5 * S, 1),
                Map.of("rate", "20k/s", "io-rate", "4k/s"),
                "An 8 GiB, 4-vCPU OLTP guest: Zipf(0.9) buffer-pool writes at 20k pages/s, and 4k IO/s on 4 queues"
                        + " (70% reads, lognormal service time, mean 200 us); 5 s.");
    }

    private void imported(String name, String format, List<String> inputs, List<String> latencyLogs, long untilNanos,
                          String description) {
        List<Path> in = inputs.stream().map(samples::resolve).toList();
        List<Path> lat = latencyLogs.stream().map(samples::resolve).toList();
        ImportOptions options = ImportOptions.defaults().withLatencyLogs(lat).withUntilNanos(untilNanos);
        if (format.equals("lackey")) {
            options = options.withInstructionsPerSecond(1e8);
        }
        String file = name + ".parquet";
        long rows = Importers.byName(format).run(in, options, TraceOutputs.files(), out.resolve(file)).rows();
        String command = "vmreplay import " + format + " " + String.join(" ", inputs)
                + (latencyLogs.isEmpty() ? "" : " --lat-log " + String.join(" ", latencyLogs))
                + (format.equals("lackey") ? " --instructions-per-second 100M/s" : "")
                + (untilNanos > 0 ? " --until " + untilNanos / MS + "ms" : "") + " --out " + file;
        add(name, file, null, rows, -1, Importers.byName(format).writesIo() ? "io" : "memory", description,
                "real recording (../shared/samples/" + String.join(", ", inputs) + "): " + command);
    }

    private void generated(String name, String workload, GuestSpec guest, Map<String, String> params, String description) {
        String file = name + ".parquet";
        boolean io = Workloads.byName(workload).writesIo();
        String ioFile = io ? name + ".io.parquet" : null;
        Generator.Result r = Generator.generate(Workloads.byName(workload), guest, new LinkedHashMap<>(new java.util.TreeMap<>(params)),
                TraceOutputs.files(), out.resolve(file), io ? out.resolve(ioFile) : null);
        StringBuilder command = new StringBuilder("vmreplay generate " + workload + " --memory "
                + guest.memoryBytes() / GIB + "GiB --vcpus " + guest.vcpus() + " --duration " + guest.durationNanos() / S
                + "s --seed " + guest.seed());
        new java.util.TreeMap<>(params).forEach((k, v) -> command.append(" --param ").append(k).append('=').append(v));
        command.append(" --out ").append(file);
        add(name, file, ioFile, r.memoryRows(), io ? r.ioRows() : -1, "memory", description, "generated: " + command);
    }

    private void add(String name, String file, String ioFile, long rows, long ioRows, String kind, String description,
                     String source) {
        ObjectNode e = index.addObject();
        e.put("name", name);
        e.put("file", file);
        e.put("rows", rows);
        if (ioFile != null) {
            e.put("io_file", ioFile);
            e.put("io_rows", ioRows);
        }
        e.put("kind", kind);
        e.put("description", description);
        e.put("source", source);
        System.out.println(name + ": " + file + " (" + rows + " rows)" + (ioFile != null ? " + " + ioFile + " (" + ioRows + " rows)" : ""));
    }
}
