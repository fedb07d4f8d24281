package dev.vmreplay.analysis.plan;

import dev.vmreplay.analysis.ReplayBackend;
import dev.vmreplay.analysis.results.RunSpec;
import dev.vmreplay.engine.RunResult;
import dev.vmreplay.units.Quantity;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

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
 */
public final class CapacityPlanner {
    static final String BANDWIDTH_KEY = "link.bandwidth";
    static final int SEARCH_OCTAVES = 12;

    private final ReplayBackend backend;
    private final int threads;
    private final Map<String, RunResult> cache = new ConcurrentHashMap<>();
    private final dev.vmreplay.analysis.sweep.SweepListener listener;
    private final java.util.concurrent.atomic.AtomicInteger runsDone = new java.util.concurrent.atomic.AtomicInteger();

    public CapacityPlanner(ReplayBackend backend, int threads) {
        this(backend, threads, dev.vmreplay.analysis.sweep.SweepListener.NONE);
    }

    /** @param listener hears of every finished replay; the total is not known in advance (0) */
    public CapacityPlanner(ReplayBackend backend, int threads, dev.vmreplay.analysis.sweep.SweepListener listener) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, was " + threads);
        }
        this.backend = backend;
        this.threads = threads;
        this.listener = listener;
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
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "plan-worker");
            t.setDaemon(true);
            return t;
        });
        listener.started(0, 0);
        try {
            List<PlanResult.TechniquePlan> plans = new ArrayList<>();
            for (String preset : request.presets()) {
                FleetEvaluation atLink = evaluate(pool, request, preset, request.linkBitsPerSec());
                plans.add(searchMinLink(pool, request, preset, atLink));
            }
            return new PlanResult(request, plans);
        } finally {
            pool.shutdownNow();
            listener.ended();
        }
    }

    private PlanResult.TechniquePlan searchMinLink(ExecutorService pool, PlanRequest request, String preset,
                                                   FleetEvaluation atLink) {
        double link = request.linkBitsPerSec();
        double pass;
        double fail;
        if (atLink.feasible()) {
            pass = link;
            fail = Double.NaN;
            for (int i = 0; i < SEARCH_OCTAVES; i++) {
                double lower = pass / 2;
                if (evaluate(pool, request, preset, lower).feasible()) {
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
                if (evaluate(pool, request, preset, higher).feasible()) {
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
            if (evaluate(pool, request, preset, mid).feasible()) {
                pass = mid;
            } else {
                fail = mid;
            }
        }
        return new PlanResult.TechniquePlan(preset, atLink, pass, Math.max(link, pass), false);
    }

    /** The fleet under one technique at one whole-link bandwidth. */
    public FleetEvaluation evaluate(PlanRequest request, String preset, double linkBitsPerSec) {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            return evaluate(pool, request, preset, linkBitsPerSec);
        } finally {
            pool.shutdownNow();
        }
    }

    private FleetEvaluation evaluate(ExecutorService pool, PlanRequest request, String preset, double linkBitsPerSec) {
        Map<String, String> overrides = overrides(request, linkBitsPerSec);
        // One replay per distinct run: fleet rows with the same trace, memory and settings (and a
        // row standing for count VMs) share it.
        Map<String, Future<RunResult>> byRun = new LinkedHashMap<>();
        List<Future<RunResult>> futures = new ArrayList<>();
        for (RunSpec vm : request.fleet()) {
            RunSpec spec = vm.with(preset, overrides);
            Future<RunResult> future = byRun.get(spec.runId());
            if (future == null) {
                future = pool.submit(() -> {
                    // get-then-put, not computeIfAbsent: a replay must not hold a map lock. One
                    // evaluation asks for each run once, so no run is done twice.
                    RunResult known = cache.get(spec.runId());
                    if (known != null) {
                        return known;
                    }
                    RunResult fresh = backend.run(spec);
                    cache.put(spec.runId(), fresh);
                    listener.finished(spec, runsDone.incrementAndGet(), 0);
                    return fresh;
                });
                byRun.put(spec.runId(), future);
            }
            futures.add(future);
        }
        List<FleetEvaluation.VmOutcome> vms = new ArrayList<>();
        long[] totals = new long[futures.size()];
        for (int i = 0; i < futures.size(); i++) {
            RunResult r;
            try {
                r = futures.get(i).get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("planning interrupted", e);
            } catch (ExecutionException e) {
                Throwable cause = e.getCause() == null ? e : e.getCause();
                if (cause instanceof RuntimeException re) {
                    throw re;
                }
                throw new IllegalStateException(cause.getMessage(), cause);
            }
            int count = request.evacuation() == null ? 1 : request.evacuation().placements().get(i).count();
            vms.add(new FleetEvaluation.VmOutcome(request.vmName(i), r.metrics().downtimeNanos(),
                    r.metrics().totalNanos(), r.metrics().outcome(), r.metrics().traceCoversWindow(), count));
            totals[i] = r.metrics().totalNanos();
        }
        return new FleetEvaluation(preset, linkBitsPerSec, vms, schedule(request, totals), request.slaNanos(),
                request.windowNanos());
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
