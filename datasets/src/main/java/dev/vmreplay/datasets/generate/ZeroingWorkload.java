package dev.vmreplay.datasets.generate;

import dev.vmreplay.datasets.param.ParamSpec;
import dev.vmreplay.datasets.param.ParamSpec.Kind;
import dev.vmreplay.datasets.param.Params;
import java.util.List;

/** A guest that frees and zeroes pages (init_on_free, balloon, page cache drop): writes of zeros. */
final class ZeroingWorkload extends RandomWritesWorkload {
    static final String ZEROING_SHARE = "zeroing-share";

    @Override
    public String name() {
        return "zeroing";
    }

    @Override
    public String description() {
        return "Writes pages uniformly over the working set (default 50% of memory, 20k pages/s); a share of the "
                + "writes (zeroing-share, default 50%) zero the whole page (op = 1), as a guest freeing memory "
                + "with init_on_free does. Exercises zero-page detection and zero pages inside large pages.";
    }

    @Override
    public List<ParamSpec> params() {
        List<ParamSpec> out = memoryParams("20k/s", "50%", "scattered", "50%", "30%");
        out.add(skewParam("0"));
        out.add(ParamSpec.of(ZEROING_SHARE, Kind.FRACTION, "50%", "share of writes that write zeros (op = 1)"));
        return out;
    }

    @Override
    double zeroingShare(Params params) {
        return params.fraction(ZEROING_SHARE);
    }
}
