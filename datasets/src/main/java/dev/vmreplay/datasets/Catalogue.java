package dev.vmreplay.datasets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vmreplay.trace.AtomicOutput;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The traces bundled with vmreplay: small conversions of real recordings and a few generated guests,
 * stored as Parquet (manifest inside) under {@value #RESOURCE_DIR}, listed in {@code catalogue.json}.
 * {@link CatalogueBuilder} makes them; the demo and tests extract them with {@link #extract}.
 */
public final class Catalogue {
    static final String RESOURCE_DIR = "/dev/vmreplay/datasets/catalogue/";
    static final String INDEX = "catalogue.json";

    /**
     * One bundled dataset.
     *
     * @param name short name, e.g. {@code sort-dirty-epochs}
     * @param file memory or IO trace file name
     * @param rows rows of {@code file}
     * @param ioFile companion IO trace of a generated guest, or null
     * @param ioRows rows of {@code ioFile}, or -1
     * @param kind {@code memory} or {@code io}
     * @param description what the guest or program does
     * @param source where it came from: the recording and the cut, or the generate command
     */
    public record Entry(String name, String file, long rows, String ioFile, long ioRows, String kind, String description,
                        String source) {
    }

    private Catalogue() {
    }

    /** Every bundled dataset, in catalogue order. */
    public static List<Entry> entries() {
        try (InputStream in = Catalogue.class.getResourceAsStream(RESOURCE_DIR + INDEX)) {
            if (in == null) {
                throw new IllegalStateException("catalogue index " + RESOURCE_DIR + INDEX + " missing from the classpath");
            }
            JsonNode root = new ObjectMapper().readTree(in);
            List<Entry> out = new ArrayList<>();
            for (JsonNode e : root.get("datasets")) {
                out.add(new Entry(e.get("name").asText(), e.get("file").asText(), e.get("rows").asLong(),
                        e.hasNonNull("io_file") ? e.get("io_file").asText() : null,
                        e.hasNonNull("io_rows") ? e.get("io_rows").asLong() : -1, e.get("kind").asText(),
                        e.get("description").asText(), e.get("source").asText()));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the catalogue index", e);
        }
    }

    /** The entry of that name; IllegalArgumentException listing the names otherwise. */
    public static Entry entry(String name) {
        List<String> names = new ArrayList<>();
        for (Entry e : entries()) {
            if (e.name().equals(name)) {
                return e;
            }
            names.add(e.name());
        }
        throw new IllegalArgumentException("no bundled dataset '" + name + "'; known: " + String.join(", ", names));
    }

    /** Copies a dataset's file(s) into {@code dir} (created if needed); returns the trace, then the IO trace if any. */
    public static List<Path> extract(String name, Path dir) {
        Entry e = entry(name);
        List<Path> out = new ArrayList<>();
        out.add(copy(e.file(), dir));
        if (e.ioFile() != null) {
            out.add(copy(e.ioFile(), dir));
        }
        return out;
    }

    /** Copies every dataset into {@code dir}. */
    public static List<Path> extractAll(Path dir) {
        List<Path> out = new ArrayList<>();
        for (Entry e : entries()) {
            out.addAll(extract(e.name(), dir));
        }
        return out;
    }

    private static Path copy(String file, Path dir) {
        try (InputStream in = Catalogue.class.getResourceAsStream(RESOURCE_DIR + file)) {
            if (in == null) {
                throw new IllegalStateException("bundled file " + RESOURCE_DIR + file + " missing from the classpath");
            }
            byte[] bytes = in.readAllBytes(); // the whole catalogue is a few MB
            Files.createDirectories(dir);
            Path target = dir.resolve(file);
            if (Files.isRegularFile(target) && Arrays.equals(Files.readAllBytes(target), bytes)) {
                // already there: left untouched, so its modification time still matches the runs made from
                // it and a sweep over the directory reuses them
                return target;
            }
            try (AtomicOutput out = AtomicOutput.create(target)) {
                Files.write(out.temporary(), bytes);
                out.commit();
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot extract " + file + " to " + dir, e);
        }
    }
}
