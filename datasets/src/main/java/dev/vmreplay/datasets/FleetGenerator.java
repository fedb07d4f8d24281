package dev.vmreplay.datasets;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Seeded test fleets for {@code vmreplay plan --fleet}: {@code vms} VMs spread over {@code hosts}
 * source hosts, each VM running one of the catalogue's memory recordings (with its IO trace when
 * it has one). Every VM draws its host and its recording uniformly from a
 * {@link SplittableRandom} seeded with {@code seed} (whose algorithm the JDK specifies), so the
 * same arguments give the same CSV on every machine.
 *
 * <p>By default the fleet is written as classes: one row per (host, recording) with the number of
 * VMs as {@code count}, so a 10,000-VM fleet on 100 hosts is at most 100 x 9 rows and still one
 * replay per recording, technique and link. {@code perVm} writes one row per VM instead.
 *
 * <p>From the build: {@code java -cp ... dev.vmreplay.datasets.FleetGenerator SEED VMS HOSTS DIR [--per-vm]}
 * writes {@code DIR/fleet.csv} and the recordings into {@code DIR/traces/}.
 */
public final class FleetGenerator {
    /** The header {@code plan --fleet} reads. */
    public static final String HEADER = "vm,trace,io_trace,memory,source_host,count";

    private FleetGenerator() {
    }

    /**
     * The fleet as CSV text, traces named {@code tracesDir/<file>} (relative to the CSV).
     *
     * @param seed any value; the same seed gives the same fleet
     * @param vms VMs in the fleet, >= 1
     * @param hosts source hosts, >= 1, named {@code host-001}...
     * @param perVm one row per VM ({@code vm-00001}...) instead of one per (host, recording)
     */
    public static String csv(long seed, int vms, int hosts, String tracesDir, boolean perVm) {
        if (vms < 1) {
            throw new IllegalArgumentException("vms must be >= 1, was " + vms);
        }
        if (hosts < 1) {
            throw new IllegalArgumentException("hosts must be >= 1, was " + hosts);
        }
        List<Catalogue.Entry> recordings = memoryRecordings();
        SplittableRandom random = new SplittableRandom(seed);
        int[][] counts = new int[hosts][recordings.size()];
        StringBuilder sb = new StringBuilder(HEADER).append('\n');
        int hostDigits = Math.max(3, Integer.toString(hosts).length());
        int vmDigits = Math.max(5, Integer.toString(vms).length());
        for (int v = 0; v < vms; v++) {
            int host = random.nextInt(hosts);
            int recording = random.nextInt(recordings.size());
            if (perVm) {
                sb.append(row(String.format(Locale.ROOT, "vm-%0" + vmDigits + "d", v + 1), recordings.get(recording),
                        tracesDir, hostName(host, hostDigits), 1));
            } else {
                counts[host][recording]++;
            }
        }
        if (!perVm) {
            for (int h = 0; h < hosts; h++) {
                for (int r = 0; r < recordings.size(); r++) {
                    if (counts[h][r] > 0) {
                        String host = hostName(h, hostDigits);
                        sb.append(row(host + "-" + recordings.get(r).name(), recordings.get(r), tracesDir, host,
                                counts[h][r]));
                    }
                }
            }
        }
        return sb.toString();
    }

    /**
     * Writes {@code dir/fleet.csv} and extracts the catalogue's memory recordings (and IO traces)
     * into {@code dir/traces}; returns the CSV.
     */
    public static Path write(long seed, int vms, int hosts, Path dir, boolean perVm) {
        String text = csv(seed, vms, hosts, "traces", perVm);
        for (Catalogue.Entry e : memoryRecordings()) {
            Catalogue.extract(e.name(), dir.resolve("traces"));
        }
        try {
            Files.createDirectories(dir);
            return Files.writeString(dir.resolve("fleet.csv"), text);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + dir.resolve("fleet.csv"), e);
        }
    }

    public static void main(String[] args) {
        if (args.length < 4 || args.length > 5 || args.length == 5 && !args[4].equals("--per-vm")) {
            System.err.println("usage: FleetGenerator SEED VMS HOSTS DIR [--per-vm]");
            System.exit(2);
        }
        Path csv = write(Long.parseLong(args[0]), Integer.parseInt(args[1]), Integer.parseInt(args[2]), Path.of(args[3]),
                args.length == 5);
        System.out.println(csv);
    }

    /** The catalogue's memory recordings, in catalogue order (IO-only datasets cannot be a VM). */
    static List<Catalogue.Entry> memoryRecordings() {
        List<Catalogue.Entry> out = new ArrayList<>();
        for (Catalogue.Entry e : Catalogue.entries()) {
            if (e.kind().equals("memory")) {
                out.add(e);
            }
        }
        return out;
    }

    private static String hostName(int host, int digits) {
        return String.format(Locale.ROOT, "host-%0" + digits + "d", host + 1);
    }

    private static String row(String vm, Catalogue.Entry e, String tracesDir, String host, int count) {
        String prefix = tracesDir.isEmpty() ? "" : tracesDir + "/";
        return vm + "," + prefix + e.file() + "," + (e.ioFile() == null ? "" : prefix + e.ioFile()) + ",," + host + ","
                + count + "\n";
    }
}
