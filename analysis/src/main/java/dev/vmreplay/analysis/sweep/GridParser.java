package dev.vmreplay.analysis.sweep;

import dev.vmreplay.analysis.ReplayBackend;
import dev.vmreplay.analysis.cache.TraceLocation;
import dev.vmreplay.units.Quantity;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads and validates a sweep grid. Every problem a run would hit later - unknown key, bad value,
 * unknown preset, missing or unreadable trace - is reported here, before any work starts, as a
 * {@link GridException} naming the line. The format:
 *
 * <pre>
 * traces:                          # required: files or globs, relative to the grid file
 *   - traces/*.parquet             # a plain entry: memory traces
 *   - memory: vm1.parquet          # an entry with an IO trace (io needs a single memory trace)
 *     io: vm1-io.parquet
 *     memory-size: 8GiB            # optional: memory to assume when the trace has no manifest
 * presets: [qemu-precopy, seeds-all]   # optional: names, or "all" (the default)
 * settings:                        # optional: configuration keys set in every run
 *   migration.start: 1s
 * axes:                            # optional: configuration keys with lists of values
 *   link.bandwidth: [1Gbit/s, 10Gbit/s]
 *   precopy.downtime-target: [100ms, 300ms]
 * </pre>
 *
 * Globs use Java's glob syntax ({@code *}, {@code **}, {@code ?}, {@code [..]}, {@code {a,b}});
 * sidecar manifests ({@code *.vm.json}) never count as traces.
 */
public final class GridParser {
    private static final Set<String> TOP_KEYS = Set.of("traces", "presets", "settings", "axes");
    private static final Set<String> TRACE_KEYS = Set.of("memory", "io", "memory-size");

    private final ReplayBackend backend;

    public GridParser(ReplayBackend backend) {
        this.backend = backend;
    }

    public SweepGrid parse(Path gridFile) {
        String text;
        try {
            byte[] bytes = Files.readAllBytes(gridFile);
            text = dev.vmreplay.trace.Utf8Text.decode(bytes, bad -> new GridException(gridFile, (int) bad.line(),
                    (int) bad.column(), "byte 0x" + String.format("%02X", bad.value())
                            + " is not UTF-8 (save the grid as UTF-8)"));
        } catch (java.nio.file.NoSuchFileException e) {
            throw new GridException(gridFile, 0, 0, "grid file not found");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read grid " + gridFile + ": " + e.getMessage(), e);
        }
        return parse(gridFile, text);
    }

    /** Parses grid text; relative trace paths resolve against {@code gridFile}'s directory. */
    public SweepGrid parse(Path gridFile, String text) {
        return new Parse(gridFile, text).run();
    }

    private final class Parse {
        private final Path file;
        private final Path baseDir;
        private final String text;
        private final Map<GridTrace, Node> traceNodes = new java.util.HashMap<>();

        Parse(Path file, String text) {
            this.file = file;
            Path parent = file.toAbsolutePath().normalize().getParent();
            this.baseDir = parent == null ? Path.of("").toAbsolutePath() : parent;
            this.text = text;
        }

        SweepGrid run() {
            Node root = compose();
            MappingNode top = mapping(root, "the grid");
            Map<String, NodeTuple> entries = entries(top, TOP_KEYS, "grid");
            if (!entries.containsKey("traces")) {
                throw error(root, "missing 'traces': the grid must name at least one trace");
            }
            List<String> presets = presets(entries.get("presets"));
            Map<String, String> settings = new LinkedHashMap<>();
            Map<String, Node> settingNodes = new LinkedHashMap<>();
            if (entries.containsKey("settings")) {
                Map<String, NodeTuple> s = entries(mapping(entries.get("settings").getValueNode(), "settings"), null, "settings");
                for (Map.Entry<String, NodeTuple> e : s.entrySet()) {
                    requireKnownKey(e.getKey(), e.getValue().getKeyNode(), presets.get(0));
                    settings.put(e.getKey(), scalar(e.getValue().getValueNode(), "value of " + e.getKey()));
                    settingNodes.put(e.getKey(), e.getValue().getValueNode());
                }
            }
            Map<String, List<String>> axes = new LinkedHashMap<>();
            Map<String, List<Node>> axisNodes = new LinkedHashMap<>();
            if (entries.containsKey("axes")) {
                Map<String, NodeTuple> a = entries(mapping(entries.get("axes").getValueNode(), "axes"), null, "axes");
                for (Map.Entry<String, NodeTuple> e : a.entrySet()) {
                    requireKnownKey(e.getKey(), e.getValue().getKeyNode(), presets.get(0));
                    if (settings.containsKey(e.getKey())) {
                        throw error(e.getValue().getKeyNode(), "'" + e.getKey() + "' is both a setting and an axis");
                    }
                    List<Node> valueNodes = new ArrayList<>();
                    Node v = e.getValue().getValueNode();
                    if (v instanceof SequenceNode seq) {
                        valueNodes.addAll(seq.getValue());
                    } else {
                        valueNodes.add(v);
                    }
                    if (valueNodes.isEmpty()) {
                        throw error(v, "axis '" + e.getKey() + "' has no values");
                    }
                    List<String> values = new ArrayList<>();
                    Set<String> seen = new LinkedHashSet<>();
                    for (Node n : valueNodes) {
                        String value = scalar(n, "value of axis " + e.getKey());
                        if (!seen.add(value)) {
                            throw error(n, "axis '" + e.getKey() + "' lists '" + value + "' twice");
                        }
                        values.add(value);
                    }
                    axes.put(e.getKey(), values);
                    axisNodes.put(e.getKey(), valueNodes);
                }
            }
            // Counted before anything walks the cross product: a huge grid is refused at once.
            requireFewEnoughRuns(new SweepGrid(file, List.of(), presets, settings, axes), 1);
            validateConfiguration(presets, entries.get("presets"), settings, settingNodes, axes, axisNodes);
            List<GridTrace> traces = traces(entries.get("traces").getValueNode());
            SweepGrid grid = new SweepGrid(file, traces, presets, settings, axes);
            requireFewEnoughRuns(grid, traces.size());
            checkFits(grid, settingNodes, axisNodes);
            return grid;
        }

        private Node compose() {
            LoaderOptions options = new LoaderOptions();
            options.setAllowDuplicateKeys(false);
            try (Reader r = new StringReader(text)) {
                Node root = new Yaml(options).compose(r);
                if (root == null) {
                    throw new GridException(file, 0, 0, "the grid file is empty");
                }
                return root;
            } catch (MarkedYAMLException e) {
                int line = e.getProblemMark() == null ? 0 : e.getProblemMark().getLine() + 1;
                int column = e.getProblemMark() == null ? 0 : e.getProblemMark().getColumn() + 1;
                throw new GridException(file, line, column, "not valid YAML: " + e.getProblem(), e);
            } catch (YAMLException e) {
                throw new GridException(file, 0, 0, "not valid YAML: " + e.getMessage(), e);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private List<String> presets(NodeTuple tuple) {
            List<String> known = backend.presetNames();
            if (tuple == null) {
                return List.copyOf(known);
            }
            Node v = tuple.getValueNode();
            List<Node> nodes = new ArrayList<>();
            if (v instanceof ScalarNode s && s.getValue().equals("all")) {
                return List.copyOf(known);
            } else if (v instanceof SequenceNode seq) {
                nodes.addAll(seq.getValue());
            } else {
                nodes.add(v);
            }
            if (nodes.isEmpty()) {
                throw error(v, "'presets' is empty: name at least one preset, or write 'all'");
            }
            List<String> out = new ArrayList<>();
            for (Node n : nodes) {
                String name = scalar(n, "preset name");
                if (!known.contains(name)) {
                    throw error(n, "unknown preset '" + name + "' (known: " + String.join(", ", known) + ")");
                }
                if (out.contains(name)) {
                    throw error(n, "preset '" + name + "' is listed twice");
                }
                out.add(name);
            }
            // The engine's order, whatever order the grid lists them in: results then read
            // baselines first, single techniques after, the same in every sweep.
            out.sort(java.util.Comparator.comparingInt(known::indexOf));
            return out;
        }

        private void validateConfiguration(List<String> presets, NodeTuple presetsTuple, Map<String, String> settings,
                                           Map<String, Node> settingNodes, Map<String, List<String>> axes,
                                           Map<String, List<Node>> axisNodes) {
            String probePreset = presets.get(0);
            // One key at a time first, so an error names the exact line of the bad key or value.
            Map<String, String> accepted = new LinkedHashMap<>();
            for (Map.Entry<String, String> e : settings.entrySet()) {
                accepted.put(e.getKey(), e.getValue());
                check(settingNodes.get(e.getKey()), probePreset, accepted, "setting " + e.getKey() + "=" + e.getValue());
            }
            for (Map.Entry<String, List<String>> axis : axes.entrySet()) {
                List<Node> nodes = axisNodes.get(axis.getKey());
                for (int i = 0; i < axis.getValue().size(); i++) {
                    Map<String, String> one = new LinkedHashMap<>(settings);
                    one.put(axis.getKey(), axis.getValue().get(i));
                    check(nodes.get(i), probePreset, one, "axis value " + axis.getKey() + "=" + axis.getValue().get(i));
                }
            }
            // Then every preset with every combination: a value can be fine alone and clash with another.
            SweepGrid shape = new SweepGrid(file, List.of(), presets, settings, axes);
            Node presetNode = presetsTuple == null ? null : presetsTuple.getValueNode();
            for (String preset : presets) {
                for (Map<String, String> combination : shape.configurations()) {
                    try {
                        backend.effectiveSettings(preset, combination);
                    } catch (IllegalArgumentException e) {
                        throw new GridException(file, presetNode == null ? 0 : line(presetNode),
                                presetNode == null ? 0 : column(presetNode),
                                "preset '" + preset + "' with " + combination + " is not a valid configuration: "
                                        + e.getMessage(), e);
                    }
                }
            }
        }

        /**
         * Every preset and combination against every trace's guest (a setting can be valid and still not
         * fit a guest, such as more tracing vCPUs than it has). Reported at the grid entry that sets the
         * clashing key, or at the trace when the preset sets it.
         */
        private void checkFits(SweepGrid grid, Map<String, Node> settingNodes, Map<String, List<Node>> axisNodes) {
            for (String preset : grid.presets()) {
                for (Map<String, String> combination : grid.configurations()) {
                    Map<String, String> effective = backend.effectiveSettings(preset, combination);
                    for (GridTrace t : grid.traces()) {
                        java.util.Optional<ReplayBackend.Misfit> misfit =
                                backend.misfit(t.memory(), t.assumedMemoryBytes(), effective);
                        if (misfit.isEmpty()) {
                            continue;
                        }
                        String key = misfit.get().key();
                        Node at = traceNodes.get(t);
                        if (settingNodes.containsKey(key)) {
                            at = settingNodes.get(key);
                        } else if (axisNodes.containsKey(key)) {
                            at = axisNodes.get(key).get(grid.axes().get(key).indexOf(combination.get(key)));
                        }
                        throw error(at, "trace " + t.memoryLabel() + " with preset '" + preset + "': "
                                + misfit.get().problem());
                    }
                }
            }
        }

        private void requireFewEnoughRuns(SweepGrid grid, int traceCount) {
            long runs = SweepGrid.saturatingMultiply(traceCount,
                    SweepGrid.saturatingMultiply(grid.presets().size(), grid.configurationCount()));
            if (runs <= SweepGrid.MAX_RUNS) {
                return;
            }
            StringBuilder shape = new StringBuilder();
            shape.append(traceCount).append(traceCount == 1 ? " trace" : " traces");
            shape.append(" x ").append(grid.presets().size()).append(grid.presets().size() == 1 ? " preset" : " presets");
            for (Map.Entry<String, List<String>> axis : grid.axes().entrySet()) {
                shape.append(" x ").append(axis.getValue().size()).append(' ').append(axis.getKey());
            }
            String count = runs == Long.MAX_VALUE ? "more than " + Long.MAX_VALUE : String.format(java.util.Locale.ROOT, "%,d", runs);
            throw new GridException(file, 0, 0, "the grid makes " + count + " runs (" + shape + "), over the limit of "
                    + String.format(java.util.Locale.ROOT, "%,d", SweepGrid.MAX_RUNS)
                    + ": split it into smaller grids");
        }

        /** An unknown key is reported at the key itself, with the closest known key as a hint. */
        private void requireKnownKey(String key, Node keyNode, String preset) {
            java.util.Set<String> known = backend.effectiveSettings(preset, Map.of()).keySet();
            if (known.contains(key)) {
                return;
            }
            String hint = dev.vmreplay.units.DidYouMean.hint(key, known);
            throw error(keyNode, "unknown configuration key '" + key + "'" + hint);
        }

        private void check(Node node, String preset, Map<String, String> overrides, String what) {
            try {
                backend.effectiveSettings(preset, overrides);
            } catch (IllegalArgumentException e) {
                throw error(node, what + ": " + e.getMessage(), e);
            }
        }

        private List<GridTrace> traces(Node node) {
            List<Node> items = new ArrayList<>();
            if (node instanceof SequenceNode seq) {
                items.addAll(seq.getValue());
            } else {
                items.add(node);
            }
            if (items.isEmpty()) {
                throw error(node, "'traces' is empty: name at least one trace");
            }
            List<GridTrace> out = new ArrayList<>();
            Set<String> labels = new LinkedHashSet<>();
            for (Node item : items) {
                Node memoryNode;
                Node ioNode = null;
                long memoryBytes = 0;
                if (item instanceof MappingNode m) {
                    Map<String, NodeTuple> e = entries(m, TRACE_KEYS, "trace entry");
                    if (!e.containsKey("memory")) {
                        throw error(item, "trace entry without 'memory'");
                    }
                    memoryNode = e.get("memory").getValueNode();
                    if (e.containsKey("io")) {
                        ioNode = e.get("io").getValueNode();
                    }
                    if (e.containsKey("memory-size")) {
                        Node sizeNode = e.get("memory-size").getValueNode();
                        try {
                            memoryBytes = Quantity.parseBytes("memory-size", scalar(sizeNode, "memory-size"));
                        } catch (IllegalArgumentException ex) {
                            throw error(sizeNode, ex.getMessage(), ex);
                        }
                    }
                } else {
                    memoryNode = item;
                }
                String pattern = scalar(memoryNode, "trace path");
                List<TraceLocation> files = expand(memoryNode, pattern);
                TraceLocation io = null;
                if (ioNode != null) {
                    if (files.size() != 1) {
                        throw error(ioNode, "'io' pairs with one memory trace, but '" + pattern + "' matches "
                                + files.size() + " files");
                    }
                    String ioPattern = scalar(ioNode, "IO trace path");
                    List<TraceLocation> ioFiles = expand(ioNode, ioPattern);
                    if (ioFiles.size() != 1) {
                        throw error(ioNode, "'io' must name one file, '" + ioPattern + "' matches " + ioFiles.size());
                    }
                    io = ioFiles.get(0);
                }
                for (TraceLocation f : files) {
                    try {
                        backend.checkTraces(f, io, memoryBytes);
                    } catch (RuntimeException ex) {
                        String why = ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage();
                        if (why.startsWith(f + ": ")) {
                            why = why.substring(f.toString().length() + 2); // the trace is named once
                        }
                        throw error(memoryNode, "cannot use trace " + f + ": " + why, ex);
                    }
                    String label = label(f);
                    String ioLabel = io == null ? null : label(io);
                    if (!labels.add(label + "\u0000" + ioLabel)) {
                        throw error(memoryNode, "trace " + label + " is listed twice");
                    }
                    GridTrace trace = new GridTrace(f, label, io, ioLabel, memoryBytes, line(memoryNode));
                    out.add(trace);
                    traceNodes.put(trace, memoryNode);
                }
            }
            return out;
        }

        private List<TraceLocation> expand(Node node, String pattern) {
            try {
                return TraceFiles.locations(pattern, baseDir);
            } catch (IllegalArgumentException | UncheckedIOException e) {
                throw error(node, e.getMessage(), e);
            }
        }

        private String label(TraceLocation t) {
            return t.label(baseDir);
        }

        private Map<String, NodeTuple> entries(MappingNode m, Set<String> allowed, String what) {
            Map<String, NodeTuple> out = new LinkedHashMap<>();
            for (NodeTuple t : m.getValue()) {
                String key = scalar(t.getKeyNode(), "key in " + what);
                if (allowed != null && !allowed.contains(key)) {
                    throw error(t.getKeyNode(), "unknown key '" + key + "' in " + what + " (allowed: "
                            + String.join(", ", allowed.stream().sorted().toList()) + ")");
                }
                if (out.put(key, t) != null) {
                    throw error(t.getKeyNode(), "key '" + key + "' appears twice in " + what);
                }
            }
            return out;
        }

        private MappingNode mapping(Node n, String what) {
            if (n instanceof MappingNode m) {
                return m;
            }
            throw error(n, what + " must be a mapping of key: value");
        }

        private String scalar(Node n, String what) {
            if (n instanceof ScalarNode s) {
                return s.getValue();
            }
            throw error(n, what + " must be a single value, not a " + (n instanceof SequenceNode ? "list" : "mapping"));
        }

        private GridException error(Node n, String rule) {
            return new GridException(file, line(n), column(n), rule);
        }

        private GridException error(Node n, String rule, Throwable cause) {
            return new GridException(file, line(n), column(n), rule, cause);
        }

        private int line(Node n) {
            return n.getStartMark().getLine() + 1;
        }

        private int column(Node n) {
            return n.getStartMark().getColumn() + 1;
        }
    }
}
