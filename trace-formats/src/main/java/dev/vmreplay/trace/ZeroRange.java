package dev.vmreplay.trace;

/** A guest-physical range that is all zero at trace start. Both ends 4 KiB aligned. */
public record ZeroRange(long gpa, long bytes) {
    public ZeroRange {
        if (gpa < 0 || gpa % VmManifest.SMALL_PAGE_BYTES != 0) {
            throw new IllegalArgumentException("zero_ranges.gpa must be >= 0 and 4096-aligned, was " + gpa);
        }
        if (bytes <= 0 || bytes % VmManifest.SMALL_PAGE_BYTES != 0) {
            throw new IllegalArgumentException("zero_ranges.bytes must be > 0 and a multiple of 4096, was " + bytes);
        }
    }

    public long endGpa() {
        return gpa + bytes;
    }
}
