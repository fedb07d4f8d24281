package dev.vmreplay.trace;

/**
 * A guest-physical range backed at the source by host large pages of {@code pageBytes}
 * (2 MiB or 1 GiB). {@code gpa} and {@code bytes} are multiples of {@code pageBytes}.
 */
public record LargePageRange(long gpa, long bytes, long pageBytes) {
    public static final long PAGE_2M = 2L << 20;
    public static final long PAGE_1G = 1L << 30;

    public LargePageRange {
        if (pageBytes != PAGE_2M && pageBytes != PAGE_1G) {
            throw new IllegalArgumentException("large_pages.page_bytes must be 2097152 (2 MiB) or 1073741824 (1 GiB), was " + pageBytes);
        }
        if (gpa < 0 || gpa % pageBytes != 0) {
            throw new IllegalArgumentException("large_pages.gpa must be >= 0 and a multiple of page_bytes " + pageBytes + ", was " + gpa);
        }
        if (bytes <= 0 || bytes % pageBytes != 0) {
            throw new IllegalArgumentException("large_pages.bytes must be > 0 and a multiple of page_bytes " + pageBytes + ", was " + bytes);
        }
    }

    public long endGpa() {
        return gpa + bytes;
    }

    public long pageCount() {
        return bytes / pageBytes;
    }
}
