package dev.vmreplay.engine;

import dev.vmreplay.engine.source.Bitmap;
import dev.vmreplay.engine.source.WriteTraces;
import dev.vmreplay.trace.MemoryBatch;
import dev.vmreplay.trace.VmManifest;
import dev.vmreplay.trace.ZeroRange;

/**
 * The source host's page state of one run, one bit per 4 KiB page in each bitmap, and the integrity
 * check at resume.
 *
 * <p>A page's copy at the destination is current iff no write hit the page after its last send: one
 * bit per page ({@link #stale}) is exactly the page-version comparison (destination version == source
 * version) at 1/32 of the memory of int versions, and it is kept from the writes themselves,
 * independently of the write traces it checks. {@link #zero} says which pages are all zero now,
 * {@link #dirty} which pages the write traces caught since the last sync, {@link #toSend} which pages
 * the pass in progress still has to send.
 */
final class SourcePages {
    final Bitmap stale;
    final Bitmap zero;
    final Bitmap dirty;
    final Bitmap toSend;
    /** 4 KiB write traces keep their armed bits here, beside the bits every write touches. */
    private final Bitmap smallPageArmed;
    private final long pages;
    /** The write traces of this run (null before pre-copy starts, or without pre-copy). */
    private WriteTraces traces;
    /** {@link #traces} while they can fire, null otherwise: the one field the write path reads. */
    private WriteTraces armedTraces;

    SourcePages(VmManifest vm) {
        this.pages = vm.smallPages();
        // The bits every guest write reads or writes share cache lines (see Bitmap.interleaved).
        Bitmap[] perWrite = Bitmap.interleaved(pages, 4);
        this.stale = perWrite[0];
        this.zero = perWrite[1];
        this.dirty = perWrite[2];
        this.smallPageArmed = perWrite[3];
        for (ZeroRange r : vm.zeroRanges()) {
            zero.setRange(r.gpa() >>> 12, r.endGpa() >>> 12);
        }
        this.toSend = new Bitmap(pages);
    }

    long pages() {
        return pages;
    }

    /**
     * Page {@code p} is written by an event of {@code op} over {@code [gpa, gpa + len)}: it is stale at the
     * destination; a write of zeros covering it makes it a zero page, any other write a non-zero one.
     */
    void write(long p, long gpa, int len, byte op) {
        stale.set(p);
        if (op == MemoryBatch.OP_WRITE_ZEROS) {
            long pageStart = p << 12;
            if (gpa <= pageStart && gpa + len >= pageStart + 4096) {
                zero.set(p);
            }
        } else if (zero.get(p)) {
            zero.clear(p);
        }
    }

    /** Pre-copy starts tracing writes with the policy the configuration asks for. */
    WriteTraces startTracing(MigrationConfig cfg) {
        traces = WriteTraces.forConfig(cfg, pages, smallPageArmed);
        armedTraces = traces;
        return traces;
    }

    /** The guest stopped (or the migration was abandoned): no trace fires any more. */
    void stopTracing() {
        armedTraces = null;
    }

    /** The write traces while they can fire, else null. */
    WriteTraces armedTraces() {
        return armedTraces;
    }

    /** The write traces of this run, for their counts; null when the run installed none. */
    WriteTraces traces() {
        return traces;
    }

    /** Sync: the pages the traces caught join those to send; the traces start catching afresh. */
    void takeDirty() {
        toSend.or(dirty);
        dirty.clearAll();
    }

    /**
     * The destination is about to run the guest: every page must have reached it ({@code present}) and
     * none may have been written at the source after its last send.
     *
     * @throws IntegrityViolation naming the first page that breaks either rule
     */
    void checkIntegrity(Bitmap present, String when) {
        long missing = present.nextClearBit(0);
        if (missing >= 0) {
            throw new IntegrityViolation("integrity check failed at " + when + ": page " + missing
                    + " (gpa " + (missing << 12) + ") never reached the destination");
        }
        long p = stale.nextSetBit(0);
        if (p >= 0) {
            throw new IntegrityViolation("integrity check failed at " + when + ": page " + p + " (gpa " + (p << 12)
                    + ") was written at the source after its last send; the destination holds an old version");
        }
    }
}
