package dev.vmreplay.datasets.generate;

import dev.vmreplay.datasets.param.ParamSpec;
import java.util.List;

/** Pages written uniformly at random: no locality, the hardest case for a dirty log to converge. */
final class UniformWorkload extends RandomWritesWorkload {
    @Override
    public String name() {
        return "uniform";
    }

    @Override
    public String description() {
        return "Every vCPU writes pages chosen uniformly at random over the working set (default all of "
                + "memory) as a Poisson process; total rate 20k pages/s. No locality: the dirty set grows "
                + "as working-set x (1 - exp(-rate x t / working-set)).";
    }

    @Override
    public List<ParamSpec> params() {
        return memoryParams("20k/s", "100%", "scattered", "50%", "10%");
    }
}
