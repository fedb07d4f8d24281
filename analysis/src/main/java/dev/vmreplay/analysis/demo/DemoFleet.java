package dev.vmreplay.analysis.demo;

import dev.vmreplay.analysis.results.RunSpec;

import java.nio.file.Path;
import java.util.List;

/**
 * Where the demo's guests come from. Integration point for the bundled dataset catalogue: an
 * implementation over module {@code datasets} writes (or locates) its bundled traces and returns
 * one template per guest; the demo sets preset and overrides itself.
 */
public interface DemoFleet {
    /** One line for the terminal: what the guests are. */
    String description();

    /**
     * Makes the traces available under {@code dir} (writing them if needed, deterministically)
     * and returns one run template per guest, sorted by trace label.
     */
    List<RunSpec> prepare(Path dir);
}
