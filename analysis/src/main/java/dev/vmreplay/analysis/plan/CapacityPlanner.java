package dev.vmreplay.analysis.plan;

import dev.vmreplay.analysis.ReplayBackend;
import dev.vmreplay.analysis.results.RunRecord;
import dev.vmreplay.analysis.results.RunSpec;
import dev.vmreplay.analysis.sweep.SweepExecutor;
import dev.vmreplay.analysis.sweep.SweepListener;
import dev.vmreplay.units.Quantity;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Replays a fleet per technique with the link split among concurrent migrations and searches
 * the smallest link that fits.
 *
 * <p>Model: {@code concurrent} migrations share the link evenly, each replayed with
 * {@code link.bandwidth = link / concurrent} (also in the last, possibly smaller, wave: a
 * conservative slot model). Waves as in {@link WaveSchedule}.
 *
 * <p>Evacuation ({@link PlanRequest#evacuation()} set): {@code link} is each source host's link,
 * split into {@code min(perHost, concurrent)} slots, and every migration is replayed at one slot,
 * {@code link / min(perHost, concurrent)}, whatever else its host runs at the time (the same
 * conservative slot model: a host draining its last VM alone is not credited the whole link).
 * Each distinct row is replayed once per technique and link, however many VMs its {@code count}
 * stands for; the schedule is {@link EvacuationSchedule}.
 *
 * <p>Smallest link: the predicate "every VM under the SLA and the last wave done within the
 * window" is assumed monotone in the bandwidth (more bandwidth never hurts). From the requested
 * link the search doubles up (at most {@value #SEARCH_OCTAVES} times) until the predicate holds,
 * or halves down (as far) while it holds, then bisects geometrically between the last failing
 * and first passing link until they are within the tolerance (relative, default 1%). The answer
 * is the passing end: a link that fits, at most {@code tolerance} above the true threshold.
 *
 * <p>Execution: the presets' searches run at once, each an independent sequence of evaluations,
 * and every evaluation hands its distinct runs as one batch to a {@link SweepExecutor}: a pool of
 * {@code threads} local threads shared by all searches, or another executor such as Spark's (module
 * {@code spark}). A search's path depends only on its own results, and each replay is deterministic,
 * so the plan is the same whatever the executor and the interleaving. A failed run ends the plan
 * with the failure of the first preset (in request order) that fails, as a one-after-the-other
 * plan would: searches of earlier presets go on until they end or fail, later ones stop.
 */
public final class CapacityPlanner {
    static final String BANDWIDTH_KEY = "link.bandwidth";
    static final int SEARCH_OCTAVES = 12;

    private final ReplayBackend backend;
    private final int threads;
    private final SweepExecutor executor;
    /** Run id to its outcome: a search never replays a run it (or an earlier evaluation) has done. */
    private final Map<String, RunOutcome> cache = new ConcurrentHashMap<>();
    private final SweepListener listener;
    private final AtomicInteger runsDone = new AtomicInteger();

    public CapacityPlanner(ReplayBackend backend, int threads) {
        this(backend, threads, SweepListener.NONE);
    }

    /** @param listener hears of every finished replay; the total is not known in advance (0) */
    public CapacityPlanner(ReplayBackend backend, int threads, SweepListener listener) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, was " + threads);
        }
        this.backend = backend;
        this.threads = threads;
        this.executor = null;
        this.listener = listener;
    }

    /**
     * A planner whose replays run on {@code executor} (for example as Spark tasks). The caller
     * closes the executor.
     *
     * @param backend checks the settings before any replay (the replays themselves run on the executor)
     */
    public CapacityPlanner(ReplayBackend backend, SweepExecutor executor, SweepListener listener) {
        this.backend = backend;
        this.threads = 0;
        this.executor = Objects.requireNonNull(executor, "executor");
        this.listener = listener;
    }

    /** What the plan needs of a run, taken from its run record (as an executor hands it over). */
    private record RunOutcome(long downtimeNanos, long totalNanos, String outcome, boolean recordingCovered) {
        static RunOutcome of(RunRecord record) {
            Map<String, Object> m = record.metrics();
            return new RunOutcome(((Number) m.get("downtime_ns")).longValue(), ((Number) m.get("total_ns")).longValue(),
                    (String) m.get("outcome"), (Boolean) m.get("trace_covers_window"));
        }
    }

    /** Checks every preset with the settings before any replay; IllegalArgumentException names the key. */
    public void validate(PlanRequest request) {
        for (String preset : request.presets()) {
            Map<String, String> overrides = overrides(request, request.linkBitsPerSec());
            backend.effectiveSettings(preset, overrides);
        }
    }

    public PlanResult plan(PlanRequest request) {
        validate(request);
        List<String> presets = request.presets();
        listener.started(0, 0);
        SweepExecutor runs = executor != null ? executor : new SharedPoolExecutor(backend, threads);
        // One thread per preset's search: they spend their time waiting for their batches.
        ExecutorService searches = Executors.newFixedThreadPool(Math.max(1, presets.size()), daemon("plan-search"));
        // The index of the first preset whose search failed (presets.size() while none has).
        AtomicInteger firstFailed = new AtomicInteger(presets.size());
        try {
            List<Future<PlanResult.TechniquePlan>> futures = new ArrayList<>();
            for (int i = 0; i < presets.size(); i++) {
                int index = i;
                Search search = new Search(runs, request, presets.get(i), () -> firstFailed.get() < index);
                futures.add(searches.submit(() -> {
                    try {
                        return search.run();
                    } catch (RuntimeException | Error e) {
                        firstFailed.accumulateAndGet(index, Math::min);
                        throw e;
                    }
                }));
            }
            List<PlanResult.TechniquePlan> plans = new ArrayList<>();
            RuntimeException failure = null;
            for (Future<PlanResult.TechniquePlan> f : futures) {
                try {
                    PlanResult.TechniquePlan plan = f.get();
                    if (failure == null) {
                        plans.add(plan);
                    }
                } catch (ExecutionException e) {
                    // the first preset's failure in request order; later searches were stopped
                    if (failure == null) {
                        failure = rethrowable(e.getCause() == null ? e : e.getCause());
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("planning interrupted", e);
                }
            }
            if (failure != null) {
                throw failure;
            }
            return new PlanResult(request, plans);
        } finally {
            searches.shutdownNow();
            if (runs != executor) {
                runs.close();
            }
            listener.ended();
        }
    }

    private static RuntimeException rethrowable(Throwable cause) {
        // the run's own exception, as a one-after-the-other local plan throws it
        if (cause instanceof SweepExecutor.RunFailedException rf && rf.getCause() != null) {
            cause = rf.getCause();
        }
        if (cause instanceof RuntimeException re) {
            return re;
        }
        if (cause instanceof Error err) {
            throw err;
        }
        return new IllegalStateException(cause.getMessage(), cause);
    }

    /** Thrown inside a search that stops because an earlier preset's search failed. */
    private static final class Stopped extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Stopped() {
            super("stopped: an earlier preset failed", null, false, false);
        }
    }

    /** The smallest-link search of one preset. */
    private final class Search {
        private final SweepExecutor runs;
        private final PlanRequest request;
        private final String preset;
        private final java.util.function.BooleanSupplier stop;

        Search(SweepExecutor runs, PlanRequest request, String preset, java.util.function.BooleanSupplier stop) {
            this.runs = runs;
            this.request = request;
            this.preset = preset;
            this.stop = stop;
        }

        private FleetEvaluation evaluate(double linkBitsPerSec) {
            if (stop.getAsBoolean()) {
                throw new Stopped();
            }
            return CapacityPlanner.this.evaluate(runs, request, preset, linkBitsPerSec);
        }

        PlanResult.TechniquePlan run() {
            FleetEvaluation atLink = evaluate(request.linkBitsPerSec());
            double link = request.linkBitsPerSec();
            double pass;
            double fail;
            if (atLink.feasible()) {
                pass = link;
                fail = Double.NaN;
                for (int i = 0; i < SEARCH_OCTAVES; i++) {
                    double lower = pass / 2;
                    if (evaluate(lower).feasible()) {
                        pass = lower;
                    } else {
                        fail = lower;
                        break;
                    }
                }
                if (Double.isNaN(fail)) {
                    return new PlanResult.TechniquePlan(preset, atLink, pass, link, true);
                }
            } else {
                fail = link;
                pass = Double.NaN;
                double ceiling = link;
                for (int i = 0; i < SEARCH_OCTAVES; i++) {
                    double higher = fail * 2;
                    ceiling = higher;
                    if (evaluate(higher).feasible()) {
                        pass = higher;
                        break;
                    }
                    fail = higher;
                }
                if (Double.isNaN(pass)) {
                    return new PlanResult.TechniquePlan(preset, atLink, Double.NaN, ceiling, false);
                }
            }
            while (pass / fail > 1 + request.tolerance()) {
                double mid = Math.sqrt(pass * fail);
                if (evaluate(mid).feasible()) {
                    pass = mid;
                } else {
                    fail = mid;
                }
            }
            return new PlanResult.TechniquePlan(preset, atLink, pass, Math.max(link, pass), false);
        }
    }

    /** The fleet under one technique at one whole-link bandwidth. */
    public FleetEvaluation evaluate(PlanRequest request, String preset, double linkBitsPerSec) {
        try (SweepExecutor runs = executor != null ? null : new SharedPoolExecutor(backend, threads)) {
            return evaluate(runs != null ? runs : executor, request, preset, linkBitsPerSec);
        }
    }

    private FleetEvaluation evaluate(SweepExecutor runs, PlanRequest request, String preset, double linkBitsPerSec) {
        Map<String, String> overrides = overrides(request, linkBitsPerSec);
        // One replay per distinct run: fleet rows with the same trace, memory and settings (and a
        // row standing for count VMs) share it.
        List<String> runIds = new ArrayList<>(request.fleet().size());
        Map<String, RunSpec> todo = new LinkedHashMap<>();
        for (RunSpec vm : request.fleet()) {
            RunSpec spec = vm.with(preset, overrides);
            String runId = spec.runId();
            runIds.add(runId);
            if (!cache.containsKey(runId)) {
                todo.putIfAbsent(runId, spec);
            }
        }
        List<RunSpec> batch = new ArrayList<>(todo.values());
        runs.runAll(batch, Collections.nCopies(batch.size(), ""), (spec, record) -> {
            cache.put(spec.runId(), RunOutcome.of(record));
            listener.finished(spec, runsDone.incrementAndGet(), 0);
        });
        List<FleetEvaluation.VmOutcome> vms = new ArrayList<>();
        long[] totals = new long[runIds.size()];
        for (int i = 0; i < runIds.size(); i++) {
            RunOutcome r = cache.get(runIds.get(i));
            if (r == null) {
                throw new IllegalStateException("the executor did not hand over run " + runIds.get(i));
            }
            int count = request.evacuation() == null ? 1 : request.evacuation().placements().get(i).count();
            vms.add(new FleetEvaluation.VmOutcome(request.vmName(i), r.downtimeNanos(), r.totalNanos(), r.outcome(),
                    r.recordingCovered(), count));
            totals[i] = r.totalNanos();
        }
        return new FleetEvaluation(preset, linkBitsPerSec, vms, schedule(request, totals), request.slaNanos(),
                request.windowNanos());
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    /**
     * The local executor of a plan: one pool of {@code threads} threads that every search's
     * batches share, so no more than {@code threads} replays (and their traces) are in memory at
     * once. A failed batch reports its first failing run in batch order, so the same input fails
     * with the same message every time.
     */
    private static final class SharedPoolExecutor implements SweepExecutor {
        private final ReplayBackend backend;
        private final ExecutorService pool;

        SharedPoolExecutor(ReplayBackend backend, int threads) {
            this.backend = backend;
            this.pool = Executors.newFixedThreadPool(threads, daemon("plan-worker"));
        }

        @Override
        public void runAll(List<RunSpec> batch, List<String> fingerprints, Finished finished) {
            List<Future<?>> futures = new ArrayList<>(batch.size());
            for (int i = 0; i < batch.size(); i++) {
                RunSpec spec = batch.get(i);
                String fingerprint = fingerprints.get(i);
                futures.add(pool.submit(() -> finished.run(spec, RunRecord.of(spec, fingerprint, backend.run(spec)))));
            }
            for (int i = 0; i < futures.size(); i++) {
                try {
                    futures.get(i).get();
                } catch (InterruptedException e) {
                    futures.forEach(f -> f.cancel(true));
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("planning interrupted", e);
                } catch (ExecutionException e) {
                    futures.forEach(f -> f.cancel(true));
                    throw new RunFailedException(batch.get(i), e.getCause() == null ? e : e.getCause());
                }
            }
        }

        @Override
        public void close() {
            pool.shutdownNow();
        }
    }

    private static PlanSchedule schedule(PlanRequest request, long[] totals) {
        Evacuation evacuation = request.evacuation();
        if (evacuation == null) {
            return WaveSchedule.of(totals, request.concurrent());
        }
        List<String> hosts = new ArrayList<>();
        int[] counts = new int[totals.length];
        for (int i = 0; i < totals.length; i++) {
            hosts.add(evacuation.placements().get(i).sourceHost());
            counts[i] = evacuation.placements().get(i).count();
        }
        return EvacuationSchedule.of(totals, hosts, counts, evacuation.perHost(), request.concurrent());
    }

    private static Map<String, String> overrides(PlanRequest request, double linkBitsPerSec) {
        Map<String, String> m = new LinkedHashMap<>(request.settings());
        m.put(BANDWIDTH_KEY, Quantity.formatBytesPerSecond(Math.round(linkBitsPerSec / request.linkSlots() / 8)));
        return m;
    }
}
