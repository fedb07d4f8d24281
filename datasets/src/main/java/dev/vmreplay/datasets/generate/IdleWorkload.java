package dev.vmreplay.datasets.generate;

import dev.vmreplay.datasets.param.ParamSpec;
import java.util.List;

/** A guest that boots and sits: memory mostly zero, a trickle of kernel housekeeping writes. */
final class IdleWorkload extends RandomWritesWorkload {
    @Override
    public String name() {
        return "idle";
    }

    @Override
    public String description() {
        return "An idle guest: 90% of memory still zero, a trickle of writes (100 pages/s) to a small "
                + "scattered working set (16 MiB) of kernel housekeeping. Pre-copy converges at once; "
                + "zero-page handling dominates.";
    }

    @Override
    public List<ParamSpec> params() {
        List<ParamSpec> out = memoryParams("100/s", "16MiB", "scattered", "50%", "90%");
        out.add(skewParam("0"));
        return out;
    }
}
