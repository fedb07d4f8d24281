package dev.vmreplay.datasets.generate;

import java.util.List;

/** The registry of generators: adding one means one new class and one line here. */
public final class Workloads {
    private static final List<Workload> ALL = List.of(
            new IdleWorkload(),
            new UniformWorkload(),
            new HotColdWorkload(),
            new SequentialWorkload(),
            new BurstyWorkload(),
            new ZeroingWorkload(),
            new DatabaseWorkload());

    private Workloads() {
    }

    public static List<Workload> all() {
        return ALL;
    }

    /** The workload of that name; IllegalArgumentException listing the known names otherwise. */
    public static Workload byName(String name) {
        for (Workload w : ALL) {
            if (w.name().equals(name)) {
                return w;
            }
        }
        StringBuilder known = new StringBuilder();
        for (Workload w : ALL) {
            known.append(known.length() == 0 ? "" : ", ").append(w.name());
        }
        throw new IllegalArgumentException("unknown workload '" + name + "'; known: " + known);
    }
}
