package dev.vmreplay.engine;

import dev.vmreplay.engine.destination.DestinationModel;
import dev.vmreplay.engine.link.Link;
import dev.vmreplay.engine.loop.LoopedRecording;
import dev.vmreplay.engine.sriov.IoReplay;
import dev.vmreplay.trace.MemoryBatch;
import dev.vmreplay.trace.MemoryTraceReader;
import dev.vmreplay.trace.VmManifest;
import java.util.concurrent.ExecutorService;
import java.util.function.Supplier;

/**
 * One replay run (DESIGN.md section 3): builds the run's parts, feeds the recording (again and again
 * with {@code trace.end = loop}) to the {@link GuestEvents}, which drive the {@link MigrationTimeline},
 * plays the migration out and gathers the result.
 *
 * <pre>
 * Replay ── feeds batches ──> GuestEvents ──(pre-copy, held events)──> SpanPath
 *                                  │ advanceTo(t)                          │
 *                                  v                                       v
 *                           MigrationTimeline ── PrecopySender ── PageTransfer ── link, DestinationModel
 *                            │    │     │    │ stalls        │ pages
 *           Convergence ─────┘    │     │    v               v
 *           (rules, auto-converge)│     │  StallClock      SourcePages (bitmaps, write traces, integrity)
 *           Orchestrator ─────────┘     └── Stun (final copy or post-copy's start, resume)
 * </pre>
 */
final class Replay {
    private final VmManifest vm;
    private final MigrationConfig cfg;
    private final DestinationModel dest;
    private final IoReplay io;
    private final PassLog passes;
    private final StallClock clock;
    private final SourcePages source;
    private final PageTransfer transfer;
    private final RunMetrics metrics = new RunMetrics();
    private final MigrationTimeline timeline;
    private final GuestEvents events;

    Replay(VmManifest vm, MigrationConfig cfg, DestinationModel dest, IoReplay ioOrNull) {
        this(vm, cfg, dest, ioOrNull, false);
    }

    /** @param eventByEvent never use the span path (tests compare the two) */
    Replay(VmManifest vm, MigrationConfig cfg, DestinationModel dest, IoReplay ioOrNull, boolean eventByEvent) {
        this.vm = vm;
        this.cfg = cfg;
        this.dest = dest;
        this.io = ioOrNull == null ? NoIoReplay.INSTANCE : ioOrNull;
        this.passes = new PassLog(cfg.run().migrationStartNanos());
        this.clock = new StallClock(vm.vcpus(), passes);
        this.source = new SourcePages(vm);
        Link link = Link.of(cfg);
        this.transfer = new PageTransfer(vm.smallPages(), link, dest, source.zero, source.stale, passes);
        this.timeline = new MigrationTimeline(cfg, vm.memoryBytes(), clock, source, transfer, link, dest, io, passes,
                metrics);
        this.events = new GuestEvents(clock, source, timeline, dest, io, eventByEvent);
    }

    /**
     * Replays the guest from {@code first}; with {@code trace.end = loop} further copies come from
     * {@code reopen} (each closed here) until the run is over.
     */
    RunResult run(MemoryTraceReader first, Supplier<MemoryTraceReader> reopen, String preset, String traceName) {
        boolean loop = cfg.run().traceEnd() == MigrationConfig.TraceEnd.LOOP;
        boolean replaying = true;
        MemoryBatch[] batches = TraceFeed.newBatches();
        ExecutorService decoder = TraceFeed.newDecoder();
        try (LoopedRecording<MemoryTraceReader> recording = new LoopedRecording<>(first, loop ? reopen : null,
                "memory trace")) {
            TraceFeed feed = new TraceFeed(first, batches, decoder);
            try {
                while (true) {
                    long shift = recording.offsetNanos();
                    int copy = recording.copy(); // below TraceCopies.MAX_COPIES, which fits VcpuQueues' 24 bits
                    MemoryBatch b;
                    while (replaying && (b = feed.next()) != null) {
                        replaying = events.offer(b, shift, copy);
                        recording.read(b.size, b.size == 0 ? 0 : b.timeNanos[b.size - 1]);
                    }
                    if (!replaying && copy == 0) {
                        // The run ended inside the recording's first read: the rest is still read (and so
                        // validated), so a trace damaged past that point fails the run instead of passing unseen.
                        while (feed.next() != null) {
                            // rows are checked as they are decoded
                        }
                    }
                    if (!replaying || !recording.copyEnded()) {
                        break;
                    }
                    feed.close(); // stops decoding before the reader closes
                    recording.nextCopy();
                    feed = new TraceFeed(recording.reader(), batches, decoder);
                }
            } finally {
                feed.close();
            }
        } finally {
            decoder.shutdown();
        }
        if (replaying) {
            replaying = events.drain();
        }
        // The guest's events reached the end of the run when the run (window end, abort) cut them
        // short, or when the last of them happened at or after the end of the post-resume window.
        boolean coversWindow = !replaying || (timeline.phase() == MigrationTimeline.Phase.RESUMED
                && events.lastEventNanos() >= timeline.postResumeWindowEndNanos());
        timeline.finish();
        io.advanceTo(Math.max(clock.now(), metrics.migrationEndNanos()));
        io.finish();
        Metrics m = metrics.metrics(cfg, transfer, source.traces(), clock, dest, io, events, coversWindow,
                timeline.downtimeLimitNanos(), timeline.throttleMax());
        return new RunResult(preset, traceName, m, passes.rows(), cfg.effectiveSettings());
    }

    /** Events the span path applied so far. */
    long spannedEvents() {
        return events.spans().spannedEvents();
    }

    /** Times the span path was left alone after failing spans in a row. */
    int spanRests() {
        return events.spans().rests();
    }
}
