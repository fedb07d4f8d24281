package dev.vmreplay.datasets.importer;

import java.util.Locale;

/** How sparse process pages are packed onto dense guest memory. */
public enum PageMapping {
    /** Rank of distinct 4 KiB page: the densest packing (the default for imports). */
    PAGE(0),
    /**
     * Rank of distinct 2 MiB block, keeping the page's place inside its block: memory grows to whole
     * blocks, but 2 MiB alignment survives, so transparent-huge-page ranges of a recording stay
     * large-page ranges of the guest.
     */
    BLOCK_2M(9);

    private final int blockShift;

    PageMapping(int blockShift) {
        this.blockShift = blockShift;
    }

    /** log2 of 4 KiB pages per mapping unit: 0 or 9. */
    public int blockShift() {
        return blockShift;
    }

    /** The name as typed on the command line: {@code page} or {@code 2MiB-block}. */
    public String cliName() {
        return this == PAGE ? "page" : "2MiB-block";
    }

    public static PageMapping parse(String text) {
        for (PageMapping m : values()) {
            if (m.cliName().toLowerCase(Locale.ROOT).equals(text.trim().toLowerCase(Locale.ROOT))) {
                return m;
            }
        }
        throw new IllegalArgumentException("--page-mapping must be page or 2MiB-block, was '" + text + "'");
    }
}
