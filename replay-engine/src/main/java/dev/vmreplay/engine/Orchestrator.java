package dev.vmreplay.engine;

import dev.vmreplay.engine.OrchestrationSpec.DataSize;
import dev.vmreplay.engine.OrchestrationSpec.TimeoutAction;
import dev.vmreplay.engine.config.ConfigRegistry;
import dev.vmreplay.engine.technique.DowntimeLimit;

/**
 * The orchestrator running the migration (libvirt with Nova or KubeVirt, {@link OrchestrationSpec}): it
 * polls every {@code orchestrator.poll-interval} while pre-copy runs and, at a poll,
 * <ol>
 *   <li>steps the downtime limit (Nova {@code migration.py downtime_steps}: base = limit / steps, offset =
 *       (limit - base) / steps, step i from i x int(delay x data_gb) s sets int(base + offset x i) ms; the
 *       latest step whose time the elapsed time is past applies, step 0 from the start);</li>
 *   <li>past the completion timeout (int(timeout x data_gb) s), pauses or switches to post-copy when that is
 *       the timeout action (KubeVirt checks this first);</li>
 *   <li>aborts when the remaining data has not fallen from one poll to the next for the progress timeout
 *       (KubeVirt {@code isMigrationProgressing}: the watermark is the previous poll's value);</li>
 *   <li>aborts past the completion timeout.</li>
 * </ol>
 * Elapsed time counts from the migration's start (the orchestrators count from their monitor's start).
 */
final class Orchestrator {
    enum Action { NONE, PAUSE, POSTCOPY, ABORT }

    private static final long NEVER = Long.MAX_VALUE;

    private final OrchestrationSpec spec;
    private final DowntimeLimit limit;
    private final long startNanos;
    private final double finalDowntimeMs;
    /** Nova's per-step delay for this guest, whole seconds as ns; 0 without steps. */
    private final long stepDelayNanos;
    private final long completionTimeoutNanos;
    private long nextPollNanos;
    private long watermarkBytes = -1;
    private long lastProgressNanos;
    private String reason = "";

    Orchestrator(OrchestrationSpec spec, long memoryBytes, long finalDowntimeNanos, DowntimeLimit limit, long startNanos) {
        this.spec = spec;
        this.limit = limit;
        this.startNanos = startNanos;
        this.finalDowntimeMs = finalDowntimeNanos / 1e6;
        DataSize size = spec.dataSize();
        this.stepDelayNanos = spec.downtimeSteps() > 0 ? size.scaledNanos(spec.downtimeStepDelayNanos(), memoryBytes) : 0;
        this.completionTimeoutNanos = spec.completionTimeoutNanos() > 0
                ? size.scaledNanos(spec.completionTimeoutNanos(), memoryBytes) : 0;
        this.lastProgressNanos = startNanos;
        this.nextPollNanos = spec.active() ? startNanos + spec.pollIntervalNanos() : NEVER;
        if (spec.downtimeSteps() > 0) {
            limit.set(stepLimitNanos(0));
        }
    }

    /** When the orchestrator next looks, or {@link Long#MAX_VALUE} when it never does. */
    long nextPollNanos() {
        return nextPollNanos;
    }

    /** The migration's completion timeout for this guest, ns (0 = none). */
    long completionTimeoutNanos() {
        return completionTimeoutNanos;
    }

    /** Why the last non-{@code NONE} action was taken. */
    String reason() {
        return reason;
    }

    /** The poll due now, {@code remainingBytes} of the current set still to send; returns what the orchestrator does. */
    Action poll(long remainingBytes) {
        long t = nextPollNanos;
        nextPollNanos = t + spec.pollIntervalNanos();
        long elapsed = t - startNanos;
        if (spec.downtimeSteps() > 0) {
            int step = stepDelayNanos == 0 ? spec.downtimeSteps()
                    : (int) Math.min(spec.downtimeSteps(), (elapsed - 1) / stepDelayNanos);
            limit.set(stepLimitNanos(step));
        }
        boolean completionPassed = completionTimeoutNanos > 0 && beyond(elapsed, completionTimeoutNanos);
        if (completionPassed && spec.timeoutAction() != TimeoutAction.ABORT) {
            reason = "past the completion timeout of " + seconds(completionTimeoutNanos);
            return spec.timeoutAction() == TimeoutAction.PAUSE ? Action.PAUSE : Action.POSTCOPY;
        }
        if (spec.progressTimeoutNanos() > 0) {
            if (watermarkBytes < 0 || remainingBytes < watermarkBytes) {
                lastProgressNanos = t;
            }
            watermarkBytes = remainingBytes;
            if (beyond(t - lastProgressNanos, spec.progressTimeoutNanos())) {
                reason = "no progress for " + seconds(spec.progressTimeoutNanos());
                return Action.ABORT;
            }
        }
        if (completionPassed) {
            reason = "past the completion timeout of " + seconds(completionTimeoutNanos);
            return Action.ABORT;
        }
        return Action.NONE;
    }

    /** Step {@code i}'s limit: Nova's int(base + offset x i) ms. */
    private long stepLimitNanos(int i) {
        int steps = spec.downtimeSteps();
        double base = finalDowntimeMs / steps;
        double offset = (finalDowntimeMs - base) / steps;
        return (long) (base + offset * i) * 1_000_000L;
    }

    /**
     * Whether {@code elapsedNanos} is past {@code limitNanos} as the orchestrator tests it: Nova compares float
     * seconds ({@code elapsed > timeout}), KubeVirt whole seconds ({@code elapsed / time.Second > timeout}).
     */
    private boolean beyond(long elapsedNanos, long limitNanos) {
        return spec.dataSize() == DataSize.KUBEVIRT
                ? elapsedNanos / ConfigRegistry.S > limitNanos / ConfigRegistry.S
                : elapsedNanos > limitNanos;
    }

    private static String seconds(long nanos) {
        return (nanos / ConfigRegistry.S) + " s";
    }
}
