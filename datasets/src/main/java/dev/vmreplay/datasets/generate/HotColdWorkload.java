package dev.vmreplay.datasets.generate;

import dev.vmreplay.datasets.param.ParamSpec;
import java.util.List;

/** A Zipf-skewed working set: a small hot set rewritten constantly, a cold majority touched rarely. */
final class HotColdWorkload extends RandomWritesWorkload {
    @Override
    public String name() {
        return "hot-cold";
    }

    @Override
    public String description() {
        return "Page popularity follows Zipf(skew) over the working set (default 50% of memory, skew 0.99): "
                + "a small hot set is rewritten constantly and a cold majority rarely. Hot pages are scattered "
                + "over memory unless layout=contiguous. Total rate 50k pages/s.";
    }

    @Override
    public List<ParamSpec> params() {
        List<ParamSpec> out = memoryParams("50k/s", "50%", "scattered", "50%", "30%");
        out.add(skewParam("0.99"));
        return out;
    }
}
