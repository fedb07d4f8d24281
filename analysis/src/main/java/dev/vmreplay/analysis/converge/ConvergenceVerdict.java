package dev.vmreplay.analysis.converge;

import dev.vmreplay.engine.Metrics;
import java.util.List;

/**
 * Whether one preset's migration completes, when and how, and for one that does not the single changes that make
 * it complete.
 *
 * @param preset the preset
 * @param run the replay under the preset (its outcome, outcome_ns, total time, downtime, bytes, throttle max,
 *     final downtime limit)
 * @param completion what {@code run}'s outcome means
 * @param fixes changes that make it complete, smallest first ({@link FixKind}); empty when it completes or none
 *     was found
 * @param notFound searches that found nothing within their limits, one line each ({@code precopy.downtime-target:
 *     none up to 60s}); empty when it completes
 * @param searchTimeoutNanos {@code migration.timeout} of the search replays; 0 when no search ran
 * @param replays replays this verdict took, the first included
 */
public record ConvergenceVerdict(String preset, Metrics run, Completion completion, List<Fix> fixes,
                                 List<String> notFound, long searchTimeoutNanos, int replays) {
    public ConvergenceVerdict {
        fixes = List.copyOf(fixes);
        notFound = List.copyOf(notFound);
    }
}
