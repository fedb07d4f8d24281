package dev.vmreplay.datasets.importer;

import static dev.vmreplay.datasets.importer.TestFiles.OUT;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vmreplay.datasets.output.CollectingOutputs;
import dev.vmreplay.trace.LargePageRange;
import dev.vmreplay.trace.MemoryBatch;
import dev.vmreplay.trace.VmManifest;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecordingsTest {
    @TempDir
    Path dir;

    @Test
    void hugeRangesBecomeAlignedLargePagesUnderBlockMapping() {
        // Writes in process blocks 10 and 40; blocks 40..41 are huge (1024 pages), block 41 never written.
        Path csv = TestFiles.write(dir, "r.csv", "100,5125\n200,20485\n");
        CollectingOutputs out = new CollectingOutputs();
        Recordings.convert(csv, ImportOptions.defaults().withPageMapping(PageMapping.BLOCK_2M),
                List.of(new long[] {40L * 512, 1024}), Map.of("mechanism", "test"), out, OUT);
        VmManifest m = out.manifests.get(OUT);
        MemoryBatch rows = out.memory.get(OUT);
        // Blocks 10, 40, 41 -> guest blocks 0, 1, 2.
        assertEquals(6L << 20, m.memoryBytes());
        assertEquals(List.of(new LargePageRange(2L << 20, 4L << 20, LargePageRange.PAGE_2M)), m.largePages());
        assertArrayEquals(new long[] {5L * 4096, (512 + 5) * 4096L}, Arrays.copyOf(rows.gpa, rows.size));
        assertEquals(Map.of("mechanism", "test"), m.provenance().get("recorder"));
    }

    @Test
    void pageMappingLeavesHugeRangesOutAndSaysSo() {
        Path csv = TestFiles.write(dir, "r.csv", "100,5125\n");
        CollectingOutputs out = new CollectingOutputs();
        Recordings.convert(csv, ImportOptions.defaults(), List.of(new long[] {10L * 512, 512}), Map.of(), out, OUT);
        VmManifest m = out.manifests.get(OUT);
        assertEquals(List.of(), m.largePages());
        assertEquals(true, ((String) m.provenance().get("huge_page_note")).contains("2MiB-block"));
    }
}
