package dev.vmreplay.engine.destination;

/**
 * What the destination does with a zero marker for a small page that has never been written and
 * lies inside a backed destination large page ({@code dest.zero-pages}, seed 5): write zeros (CPU work,
 * the large page stays whole) or leave the page unbacked (a hole in {@link LargePageHoles}: the large
 * page cannot be mapped whole until data backs it). Outside a destination large page a zero marker leaves
 * the page unbacked under every policy: nothing to keep whole there.
 *
 * <p>Adding a policy: one class implementing this interface and one line in {@link #of}.
 */
interface ZeroPageHandling {
    /**
     * A zero marker landed at {@code arrivalNanos} for never-written small page {@code page} inside backed
     * destination large page {@code large}. The policy fills it (charging the destination CPU) or records
     * it as a hole.
     *
     * @return when the destination has finished with the page (>= arrivalNanos)
     */
    long zeroMarkerLanded(long page, int large, long arrivalNanos);

    /** Zero pages written as zeros so far. */
    long pagesFilled();

    static ZeroPageHandling of(DestinationSpec spec, LargePageHoles holes, DestinationCpu cpu) {
        return switch (spec.zeroPages()) {
            case LEAVE_UNBACKED -> new LeaveUnbacked(holes);
            case ZERO_FILL_IN_LARGE_PAGE -> new ZeroFillInLargePage(cpu, spec.zeroFillCostNanos());
        };
    }
}
