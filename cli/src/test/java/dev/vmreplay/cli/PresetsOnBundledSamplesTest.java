package dev.vmreplay.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vmreplay.datasets.Catalogue;
import dev.vmreplay.engine.Presets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every preset runs on every bundled sample (the datasets catalogue: real recordings and
 * generated guests) without error, through {@code vmreplay replay} in-process. A run that breaks an
 * integrity check - a page whose last write before the stun is not at the destination at resume, an IO
 * request lost, completed twice or taken out of ring order - fails with exit 1, so exit 0 means every
 * check held. IO traces run with their companion guest, or beside the idle guest when they have none.
 */
class PresetsOnBundledSamplesTest {
    @TempDir
    static Path dir;

    static List<String> datasets() {
        List<String> names = new ArrayList<>();
        for (Catalogue.Entry e : Catalogue.entries()) {
            names.add(e.name());
        }
        return names;
    }

    @ParameterizedTest
    @MethodSource("datasets")
    void everyPresetRunsAndEveryIntegrityCheckHolds(String dataset) throws Exception {
        Catalogue.Entry entry = Catalogue.entry(dataset);
        List<Path> files = Catalogue.extract(dataset, dir.resolve(dataset));
        List<String> args = new ArrayList<>(List.of("replay", "--format", "json"));
        if (entry.kind().equals("io")) {
            args.add("--io");
            args.add(files.get(0).toString());
            args.add(Catalogue.extract("idle-2g", dir.resolve(dataset + "-guest")).get(0).toString());
        } else {
            if (files.size() > 1) {
                args.add("--io");
                args.add(files.get(1).toString());
            }
            args.add(files.get(0).toString());
        }
        CliRun r = CliRun.run(args.toArray(new String[0]));
        assertEquals(ExitCodes.OK, r.exitCode(), dataset + ": " + r);
        JsonNode results = new ObjectMapper().readTree(r.out());
        assertEquals(Presets.names().size(), results.size(), dataset + ": one result per preset");
        boolean withIo = args.contains("--io");
        for (JsonNode m : results) {
            String where = dataset + " / " + m.get("preset").asText();
            double loss = m.get("contiguity_loss").asDouble();
            assertTrue(loss >= 0 && loss <= 1, where + ": contiguity_loss " + loss);
            assertTrue(m.get("downtime_ns").asLong() >= 0 && m.get("bytes_sent").asLong() > 0, where);
            if (withIo && !m.get("aborted").asBoolean()) {
                assertTrue(m.get("io_p99_ns").asLong() > 0, where + ": the IO trace was replayed");
            }
        }
    }
}
