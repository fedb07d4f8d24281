package dev.vmreplay.engine.destination;

import dev.vmreplay.trace.VmManifest;

/**
 * The destination host of one run: backing, zero pages, page-table population and faults after
 * resume, composed from a {@link ZeroPageHandling} and a {@link PageTablePopulation} chosen by the
 * {@link DestinationSpec}. The host keeps what every policy shares - backing ({@link LargePageLayout}),
 * landing bookkeeping, holes ({@link LargePageHoles}), the mappings that exist ({@link PageTable}), fault
 * counting and contiguity - and tells the two policies what happened; they decide what it costs.
 *
 * <p>The rules, stated once:
 * <ul>
 *   <li>A small page has <em>landed</em> once it arrived at least once (data or zero marker).</li>
 *   <li>A <em>hole</em> is a small page inside a backed destination large page whose only arrivals so
 *       far were zero markers left unbacked ({@code leave-unbacked}). Data arriving later backs it; a
 *       zero marker for a page already backed is written (QEMU memsets a non-zero target) and never
 *       makes a hole. Pages not yet landed (post-copy) are not holes: they will be placed later.</li>
 *   <li>A source large page is <em>whole</em> when the destination backed it with a large page and it
 *       holds no hole. {@code contiguity_loss} = large pages not whole at resume / source large pages.</li>
 *   <li>Mappings: a whole large page is one mapping; any other small page is its own mapping (a split
 *       large page is 512 or 262144 of them).</li>
 *   <li>{@code during-transfer}: a small-page mapping is created when its page first lands; a backed
 *       large page's one mapping is created when its last small page lands if it has no hole then;
 *       otherwise its 512 (or 262144) small mappings are created then, and replaced by the one large
 *       mapping (one more mapping of work) if its last hole is backed later. Pages landing in the stop-and-copy are mapped as they land,
 *       overlapped with the rest of the stop-and-copy: when the destination CPU keeps up this adds nothing
 *       to the downtime; when it does not, {@code pageArrived}'s finish times hold the resume back. Resends of a page already mapped create nothing (the mapping stays valid).</li>
 * </ul>
 */
public final class DestinationHost implements DestinationModel {
    private final DestinationSpec spec;
    private final long smallPages;
    private final LargePageLayout layout;
    private final ZeroPageHandling zeroHandling;
    private final PageTablePopulation population;
    private final DestinationCpu cpu;
    private final LargePageHoles holes;
    private final PageTable pageTable;

    private final PageBitmap landed;
    private final PageBitmap wholeAtResume;
    private final int[] landedInLarge;

    private long faults;
    private boolean stunWorkDone;
    private long stunWorkNanos;
    private long mappingsAtStun;
    private boolean resumed;
    private int largePagesWholeAtResume;

    DestinationHost(DestinationSpec spec, VmManifest manifest) {
        this.spec = spec;
        this.smallPages = manifest.smallPages();
        this.layout = new LargePageLayout(manifest, spec.largePageAvailability(), spec.seed());
        this.cpu = new DestinationCpu();
        this.holes = new LargePageHoles(smallPages, layout.count());
        this.pageTable = new PageTable(layout, smallPages);
        this.zeroHandling = ZeroPageHandling.of(spec, holes, cpu);
        this.population = PageTablePopulation.of(spec, pageTable, cpu);
        this.landed = new PageBitmap(smallPages);
        this.wholeAtResume = new PageBitmap(layout.count());
        this.landedInLarge = new int[layout.count()];
    }

    @Override
    public long pageArrived(long page, boolean zeroMarker, boolean duringStun, long arrivalNanos) {
        // kept small enough for the JIT to inline into the sender's loop; large pages in landedInBackedLarge
        checkPage(page);
        if (stunWorkDone && !resumed) {
            throw arrivedAfterStunWork(page, arrivalNanos);
        }
        boolean firstLanding = !landed.getAndSet(page);
        int large = layout.largePageOf(page);
        if (large >= 0 && layout.isBacked(large)) {
            return landedInBackedLarge(page, large, firstLanding, zeroMarker, arrivalNanos);
        }
        return firstLanding ? Math.max(arrivalNanos, population.smallPageLanded(page, arrivalNanos)) : arrivalNanos;
    }

    /** {@link #pageArrived} for a page inside a source large page the destination backs with a large page. */
    private long landedInBackedLarge(long page, int large, boolean firstLanding, boolean zeroMarker, long arrivalNanos) {
        long doneNanos = arrivalNanos;
        if (zeroMarker) {
            // a later zero marker changes nothing: written when backed (QEMU memsets a non-zero target), a hole stays one
            if (firstLanding) {
                doneNanos = Math.max(doneNanos, zeroHandling.zeroMarkerLanded(page, large, arrivalNanos));
            }
        } else if (holes.back(page, large) && holes.in(large) == 0
                && landedInLarge[large] == layout.smallPagesIn(large)) {
            // its last hole is backed after every page landed: it can now be mapped whole
            doneNanos = Math.max(doneNanos, population.largePageLanded(large, arrivalNanos));
        }
        if (firstLanding && ++landedInLarge[large] == layout.smallPagesIn(large)) {
            doneNanos = Math.max(doneNanos, holes.in(large) == 0
                    ? population.largePageLanded(large, arrivalNanos)
                    : population.largePageLandedSplit(large, arrivalNanos));
        }
        return doneNanos;
    }

    private static IllegalStateException arrivedAfterStunWork(long page, long arrivalNanos) {
        return new IllegalStateException("page " + page + " arrived at " + arrivalNanos
                + " ns after the destination's stun work was computed and before resume");
    }

    @Override
    public long stunWorkNanos() {
        if (!stunWorkDone) {
            if (resumed) {
                throw new IllegalStateException("stun work asked for after resume");
            }
            long all = smallPages - layout.smallPagesInside();
            for (int large = 0; large < layout.count(); large++) {
                if (isWhole(large)) {
                    all++;
                } else {
                    all += layout.smallPagesIn(large);
                }
            }
            mappingsAtStun = all;
            stunWorkNanos = population.stunStarts(all);
            stunWorkDone = true;
        }
        return stunWorkNanos;
    }

    @Override
    public void resume(long resumeNanos) {
        if (resumed) {
            throw new IllegalStateException("resume called twice (second at " + resumeNanos + " ns)");
        }
        stunWorkNanos();
        int whole = 0;
        for (int large = 0; large < layout.count(); large++) {
            if (isWhole(large)) {
                wholeAtResume.set(large);
                whole++;
            }
        }
        largePagesWholeAtResume = whole;
        resumed = true;
    }

    @Override
    public long touchAfterResume(long page, int vcpu, long nowNanos) {
        checkPage(page);
        if (!resumed) {
            throw new IllegalStateException("vCPU " + vcpu + " touched page " + page + " at " + nowNanos + " ns before resume");
        }
        int large = layout.largePageOf(page);
        int wholeLarge = large >= 0 && wholeAtResume.get(large) ? large : -1;
        if (pageTable.isMapped(page, wholeLarge)) {
            return 0;
        }
        faults++;
        return population.faultAfterResume(page, wholeLarge);
    }

    @Override
    public long postResumeFaults() {
        return faults;
    }

    @Override
    public double contiguityLoss() {
        int count = layout.count();
        if (count == 0) {
            return 0.0;
        }
        int whole;
        if (resumed) {
            whole = largePagesWholeAtResume;
        } else {
            whole = 0;
            for (int large = 0; large < count; large++) {
                if (isWhole(large)) {
                    whole++;
                }
            }
        }
        return (double) (count - whole) / count;
    }

    /** Source large pages (manifest {@code large_pages}, counted in pages of their own size). */
    public int sourceLargePages() {
        return layout.count();
    }

    /** Source large pages the destination backs with a large page of the same size ({@code dest.large-page-availability}). */
    public int largePagesBacked() {
        return layout.backedCount();
    }

    /** True when source large page {@code largePage} (0..sourceLargePages()-1, address order) got a destination large page. */
    public boolean largePageBacked(int largePage) {
        return layout.isBacked(largePage);
    }

    /** Source large pages mapped whole at resume; valid after {@link #resume}. */
    public int largePagesWholeAtResume() {
        return largePagesWholeAtResume;
    }

    /** Zero pages written as zeros inside destination large pages. */
    public long zeroPagesFilled() {
        return zeroHandling.pagesFilled();
    }

    /** Mappings created before resume (during the transfer and in the stun). */
    public long mappingsCreatedBeforeResume() {
        return pageTable.mappingsCreated();
    }

    /** Every mapping of guest memory at the stun: 1 per whole large page, 1 per other small page. */
    public long mappingsAtStun() {
        return mappingsAtStun;
    }

    /** Destination CPU work (zero fills and mappings created during the transfer), ns. */
    public long destinationCpuBusyNanos() {
        return cpu.busyNanos();
    }

    public DestinationSpec spec() {
        return spec;
    }

    private boolean isWhole(int large) {
        return layout.isBacked(large) && holes.in(large) == 0;
    }

    private void checkPage(long page) {
        if (page < 0 || page >= smallPages) {
            throw new IllegalArgumentException("page " + page + " outside guest memory [0, " + smallPages + ")");
        }
    }
}
