package dev.vmreplay.analysis.plan;

import java.util.List;

/**
 * The plan: per technique, the fleet at the given link and the smallest link that fits.
 *
 * @param request what was asked
 * @param techniques per preset, in request order
 */
public record PlanResult(PlanRequest request, List<TechniquePlan> techniques) {
    public PlanResult {
        techniques = List.copyOf(techniques);
    }

    /**
     * One technique.
     *
     * @param atLink the fleet at the requested link
     * @param minLinkBitsPerSec smallest link found that fits every VM in the window under the SLA
     *     (within the request's tolerance above the true threshold), NaN when none up to
     *     {@code searchCeilingBitsPerSec}
     * @param searchCeilingBitsPerSec the largest link tried
     * @param atFloor true when even the search floor fits (the answer is "at most" that)
     */
    public record TechniquePlan(String preset, FleetEvaluation atLink, double minLinkBitsPerSec,
                                double searchCeilingBitsPerSec, boolean atFloor) {
    }
}
