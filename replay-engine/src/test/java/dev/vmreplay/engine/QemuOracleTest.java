package dev.vmreplay.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.vmreplay.trace.InMemoryMemoryTrace;
import dev.vmreplay.trace.MemoryBatch;
import dev.vmreplay.trace.VmManifest;
import dev.vmreplay.trace.ZeroRange;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

/**
 * The engine's QEMU presets against four real QEMU 7.2 live migrations of a 512 MiB, 1-vCPU TCG guest
 * over loopback TCP, with the guest's exact page writes (../shared/samples/qemu, see its README.md):
 * each run's write trace and zero-page map are replayed with that run's QEMU settings and the result is
 * compared with QEMU's own final statistics.
 *
 * <p>Tolerances. The README says the timings carry a few percent of noise and two repeats of one setting
 * differed by 8% in total time; 15% on total time and bytes is that repeat spread with room for the 100 ms
 * granularity of the write trace (below). Pass counts are compared with a tolerance named at each assertion.
 */
class QemuOracleTest {
    private static final long MEMORY_BYTES = 512L << 20;
    private static final long MS = 1_000_000L;
    /** README: every row is a page written at least once in the 100 ms epoch ending at t_ns_rel. */
    private static final long EPOCH_NANOS = 100 * MS;
    /** README: repeats differed by 8%; 15% leaves room for the epoch granularity of the trace. */
    private static final double TIME_AND_BYTES_TOLERANCE = 0.15;
    /**
     * The migration link: loopback TCP with QEMU's single migration thread doing the copying. QEMU's own
     * figure for it in dirty-bw64M-r3: downtime_bytes 18,332,613 sent in the 16 ms downtime, 1.15 GB/s
     * (the other completed run, 3.4 MB in 2 ms, says 1.7 GB/s; the lower, larger sample is taken).
     */
    private static final String LOOPBACK_BANDWIDTH = "1.1GB/s";

    /** QEMU's final statistics of one run (meta-RUN.json "final") and its settings. */
    record Qemu(String run, String status, long totalMs, Long downtimeMs, long transferredBytes, int dirtySyncCount,
                long maxBandwidthBytesPerSec, long downtimeLimitMs, long maxPostcopyBandwidthBytesPerSec) {
    }

    /** A run's write trace as the engine reads it, and the migration start in its trace time. */
    record Recording(InMemoryMemoryTrace trace, long migrationStartNanos, long lastEpochEndRelNanos) {
    }

    @Test
    void precopyOfTheDirtyGuestAt64MiBConvergesLikeQemu() {
        Qemu q = qemu("dirty-bw64M-r3");
        Metrics m = convergedPrecopy(q);
        assertPrecopyPasses(q, m);
    }

    @Test
    void precopyOfTheModerateGuestAt16MiBConvergesLikeQemu() {
        Qemu q = qemu("moderate-bw16M-r2");
        Metrics m = convergedPrecopy(q);
        assertPrecopyPasses(q, m);
    }

    /**
     * QEMU 7.2 has no stuck detection (migration_iteration_run leaves pre-copy only when the expected downtime
     * is under the limit, or on cancel or error): with a 1 s limit at 32 MiB/s this guest's ~16k-page
     * working set (2 s at 32 MiB/s) kept it iterating for 50 passes until the script cancelled it at 60 s.
     * {@code precopy.on-stuck=continue} reproduces that; the old {@code force} switches over after a few
     * passes, reporting a migration, and its short downtime, that QEMU never made.
     */
    @Test
    void precopyWithOneSecondLimitIteratesUntilTheTimeoutLikeQemu() {
        Qemu q = qemu("dl1s-dirty-bw32M-r2");
        assertEquals("active", q.status(), "QEMU was still iterating when cancelled");
        Recording rec = recording(q.run());
        assertTrue(rec.lastEpochEndRelNanos() >= q.totalMs() * MS, "writes cover QEMU's 60 s");
        Map<String, String> s = settings(q, rec);
        s.put("migration.timeout", "60s"); // the script's cancel (meta maxmig_s 60)
        Metrics m = replay(rec, "qemu-precopy", s).metrics();
        print(q, m);
        assertEquals("timed-out", m.outcome(), "QEMU never completed in 60 s");
        assertEquals(60_000 * MS, m.outcomeNanos(), "the bound is 60 s after the migrate command");
        // 60 s at the 32 MiB/s cap both ways; the bytes differ only by how full the link was
        assertWithin(q.transferredBytes(), m.bytesSent(), TIME_AND_BYTES_TOLERANCE, "bytes", q, m);
        // QEMU made 50 passes (51 syncs less the setup sync; the 50th cut short by the cancel). The replay's walk
        // goes on from where it was after a re-sync, as QEMU's ram_find_and_save_block does from
        // rs->last_seen_block/last_page: with a walk restarting at page 0 after every sync the top 8192 pages
        // (the threshold) were never reached and the replay made only 28 passes of 24.8k pending pages.
        int qemuPasses = qemuPasses(q);
        assertTrue(Math.abs(m.iterations() - qemuPasses) <= 3,
                q.run() + ": replay passes " + m.iterations() + " vs QEMU " + qemuPasses);

        s.put("precopy.on-stuck", "force");
        Metrics forced = replay(rec, "qemu-precopy", s).metrics();
        System.out.printf("  on-stuck=force: outcome %s at %d ms after %d passes, downtime %.1f ms%n",
                forced.outcome(), forced.outcomeNanos() / MS, forced.iterations(), forced.downtimeNanos() / 1e6);
        assertEquals("forced", forced.outcome());
        // "well before 60 s": within the first quarter of QEMU's time (the stuck rule needs two syncs in a row)
        assertTrue(forced.outcomeNanos() < 15_000 * MS, "forced at " + forced.outcomeNanos() / MS + " ms");
    }

    /**
     * QEMU switched to post-copy after the first pass (the script sent migrate-start-postcopy on the pass-2
     * event; QEMU acted at its next 100 ms round, at 4111.6 ms) and pushed the rest at 32 MiB/s. The write
     * trace stops when the guest leaves the source, so the replay's guest is idle at the destination: QEMU's
     * 46 demand requests are absent from it, which moves little (46 pages of 17k).
     */
    @Test
    void postcopyAfterOnePassTakesQemusTotalTime() {
        Qemu q = qemu("pc-dirty-bw32M-pcbw32M");
        Recording rec = recording(q.run());
        assertTrue(rec.lastEpochEndRelNanos() >= 4111 * MS, "writes cover the source's run up to its stop at 4111.8 ms");
        Map<String, String> s = settings(q, rec);
        s.put("postcopy.max-bandwidth", q.maxPostcopyBandwidthBytesPerSec() + "B/s");
        Metrics m = replay(rec, "postcopy", s).metrics();
        print(q, m);
        System.out.printf("  compared: total time, QEMU %d ms (post-copy from 4111.6 ms) vs replay %d ms (post-copy from "
                + "%d ms)%n", q.totalMs(), m.totalNanos() / MS, m.outcomeNanos() / MS);
        assertEquals("completed", m.outcome());
        // 15% as for pre-copy; the replay is 6% short, about the 100 ms QEMU's second pass ran before it
        // switched plus the first pass ending 120 ms earlier (3892 vs 4012 ms)
        assertWithin(q.totalMs() * MS, m.totalNanos(), TIME_AND_BYTES_TOLERANCE, "total time", q, m);
    }

    /** Replays a completed QEMU pre-copy run with its settings: converged, total time and bytes within 15%. */
    private static Metrics convergedPrecopy(Qemu q) {
        assertEquals("completed", q.status());
        Recording rec = recording(q.run());
        assertTrue(rec.lastEpochEndRelNanos() >= q.totalMs() * MS,
                "writes end at " + rec.lastEpochEndRelNanos() / MS + " ms, before QEMU's end: trace.end=idle would idle the guest early");
        Metrics m = replay(rec, "qemu-precopy", settings(q, rec)).metrics();
        print(q, m);
        assertEquals("converged", m.outcome(), "QEMU completed");
        assertWithin(q.totalMs() * MS, m.totalNanos(), TIME_AND_BYTES_TOLERANCE, "total time", q, m);
        assertWithin(q.transferredBytes(), m.bytesSent(), TIME_AND_BYTES_TOLERANCE, "bytes", q, m);
        return m;
    }

    /**
     * Pre-copy passes within 3 of QEMU's ({@code dirty_sync_count - 2}: less the setup sync and the one in the
     * stun). QEMU's last passes are single 100 ms rate-limit rounds, and the trace places a write only within
     * its 100 ms epoch, so which round a sync falls in, and so the count, moves on timing alone. Measured: 14
     * against QEMU's 11 for dirty-bw64M-r3 (more, shorter middle passes than QEMU's ~0.5 s ones of ~8k pages:
     * a gap of the model not explained yet), 8 against 9 for moderate-bw16M-r2.
     */
    private static void assertPrecopyPasses(Qemu q, Metrics m) {
        int qemuPasses = qemuPasses(q);
        assertTrue(Math.abs(m.iterations() - qemuPasses) <= 3,
                q.run() + ": replay passes " + m.iterations() + " vs QEMU " + qemuPasses);
    }

    // ---- replay ----

    private static Map<String, String> settings(Qemu q, Recording rec) {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("migration.start", rec.migrationStartNanos() + "ns");
        s.put("precopy.max-bandwidth", q.maxBandwidthBytesPerSec() + "B/s");
        s.put("precopy.downtime-target", q.downtimeLimitMs() + "ms");
        s.put("link.bandwidth", LOOPBACK_BANDWIDTH);
        // link.latency (50 us) and device.state-bytes (512 KiB) stay at the registry defaults: together
        // under 1 ms of a 6 to 60 s migration, so no figure from these runs is needed for them.
        // The write file runs past QEMU's end in every run (checked in recording()), so the guest idles
        // only after the migration is over.
        s.put("trace.end", "idle");
        return s;
    }

    private static RunResult replay(Recording rec, String preset, Map<String, String> settings) {
        return ReplayEngine.run(rec.trace()::reopen, null, Presets.config(preset, settings), preset);
    }

    /**
     * QEMU's pre-copy passes: {@code dirty_sync_count} less the setup sync, and less the sync in the stun for a
     * run that completed (README); a cancelled run's last pass is the one cut short.
     */
    private static int qemuPasses(Qemu q) {
        return q.dirtySyncCount() - (q.status().equals("completed") ? 2 : 1);
    }

    private static void print(Qemu q, Metrics m) {
        System.out.printf("%s: QEMU %s, total %d ms, bytes %d, syncs %d (pre-copy passes %d), downtime %s ms%n",
                q.run(), q.status(), q.totalMs(), q.transferredBytes(), q.dirtySyncCount(), qemuPasses(q), q.downtimeMs());
        System.out.printf("  replay: outcome %s at %d ms, total %d ms, bytes %d, iterations %d, downtime %.1f ms%n",
                m.outcome(), m.outcomeNanos() / MS, m.totalNanos() / MS, m.bytesSent(), m.iterations(),
                m.downtimeNanos() / 1e6);
    }

    private static void assertWithin(double expected, double actual, double tolerance, String what, Qemu q, Metrics m) {
        double err = Math.abs(actual - expected) / expected;
        assertTrue(err <= tolerance, String.format("%s %s: replay %.0f vs QEMU %.0f, off by %.1f%% (tolerance %.0f%%); %s",
                q.run(), what, actual, expected, 100 * err, 100 * tolerance, m.asMap()));
    }

    // ---- samples ----

    /** The samples directory: $VMREPLAY_SAMPLES/qemu, else ../shared/samples/qemu from the repository root. */
    private static Path samples() {
        String env = System.getenv("VMREPLAY_SAMPLES");
        Path dir = (env != null ? Path.of(env)
                : Path.of("").toAbsolutePath().getParent().resolve("../shared/samples").normalize()).resolve("qemu");
        assumeTrue(Files.isDirectory(dir), "QEMU samples " + dir + " absent: set VMREPLAY_SAMPLES or check out ../shared/samples");
        return dir;
    }

    private static Qemu qemu(String run) {
        String json;
        try {
            json = Files.readString(samples().resolve("meta-" + run + ".json"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int at = json.indexOf("\"final\": {");
        String fin = json.substring(at, json.indexOf('}', at));
        String downtime = field(fin, "downtime_ms");
        return new Qemu(run, field(fin, "status").replace("\"", ""), Long.parseLong(field(fin, "total_time_ms")),
                downtime.equals("null") ? null : Long.parseLong(downtime),
                Long.parseLong(field(fin, "transferred_bytes")), Integer.parseInt(field(fin, "dirty_sync_count")),
                Long.parseLong(field(json, "max_bandwidth_Bps")), Long.parseLong(field(json, "downtime_limit_ms")),
                Long.parseLong(field(json, "max-postcopy-bandwidth")));
    }

    private static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + Pattern.quote(name) + "\": ([^,\\s}]+)").matcher(json);
        assertTrue(m.find(), "no " + name + " in meta");
        return m.group(1);
    }

    /**
     * The run's writes as a trace. The tracker only says a page was written at least once in a 100 ms epoch,
     * not when: each epoch's pages are written once each, 4 KiB apiece, spread evenly over the epoch, so a
     * sync inside an epoch sees the share of its pages the elapsed part of the epoch holds on average
     * (putting them all at the epoch's end would make every sync see them late, up to 100 ms). Within an
     * epoch the rows are in page order, which says nothing of the order the guest wrote them in; writing them
     * in that order would line the guest's writes up with the sender's address-order walk, so they are
     * shuffled with a fixed seed. Trace time 0 is the start of the first epoch; the migrate command is then
     * at 100 ms minus the first epoch's t_ns_rel.
     */
    private static Recording recording(String run) {
        Path dir = samples();
        List<long[]> epochs = new ArrayList<>(); // per epoch: [t_ns_rel, page, page, ...]
        int rows = 0;
        try (BufferedReader in = gzip(dir.resolve("writes-" + run + ".csv.gz"))) {
            assertEquals("t_ns_rel,gpa_page", in.readLine());
            long epoch = Long.MIN_VALUE;
            long[] pages = new long[1024];
            int n = 0;
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                int comma = line.indexOf(',');
                long t = Long.parseLong(line, 0, comma, 10);
                long page = Long.parseLong(line, comma + 1, line.length(), 10);
                if (t != epoch) {
                    if (n > 0) {
                        epochs.add(epochRow(epoch, pages, n));
                    }
                    epoch = t;
                    n = 0;
                }
                if (n == pages.length) {
                    pages = java.util.Arrays.copyOf(pages, 2 * n);
                }
                pages[n++] = page;
                rows++;
            }
            if (n > 0) {
                epochs.add(epochRow(epoch, pages, n));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        long origin = epochs.get(0)[0] - EPOCH_NANOS;
        SplittableRandom rnd = new SplittableRandom(7);
        MemoryBatch batch = new MemoryBatch(rows);
        for (long[] e : epochs) {
            int n = e.length - 1;
            for (int i = n; i > 1; i--) { // Fisher-Yates over e[1..n]
                int j = 1 + rnd.nextInt(i);
                long tmp = e[i];
                e[i] = e[j];
                e[j] = tmp;
            }
            long start = e[0] - EPOCH_NANOS - origin;
            for (int i = 0; i < n; i++) {
                batch.add(start + (2L * i + 1) * EPOCH_NANOS / (2L * n), 0, e[i + 1] * 4096, 4096, MemoryBatch.OP_WRITE);
            }
        }
        List<ZeroRange> zeros = new ArrayList<>();
        try (BufferedReader in = gzip(dir.resolve("zero-" + run + ".csv.gz"))) {
            assertEquals("first_gpa_page,npages", in.readLine());
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                int comma = line.indexOf(',');
                zeros.add(new ZeroRange(Long.parseLong(line, 0, comma, 10) * 4096,
                        Long.parseLong(line, comma + 1, line.length(), 10) * 4096));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        VmManifest vm = new VmManifest(MEMORY_BYTES, 1, List.of(), zeros, 0, 0, Map.of("source", "QEMU 7.2 " + run), false);
        return new Recording(new InMemoryMemoryTrace(batch, vm, 65536), -origin, epochs.get(epochs.size() - 1)[0]);
    }

    private static long[] epochRow(long t, long[] pages, int n) {
        long[] row = new long[n + 1];
        row[0] = t;
        System.arraycopy(pages, 0, row, 1, n);
        return row;
    }

    private static BufferedReader gzip(Path file) throws IOException {
        return new BufferedReader(new InputStreamReader(new GZIPInputStream(Files.newInputStream(file), 1 << 16),
                StandardCharsets.US_ASCII));
    }
}
