package dev.vmreplay.datasets.generate;

import dev.vmreplay.datasets.param.ParamSpec;
import dev.vmreplay.datasets.param.ParamSpec.Kind;
import dev.vmreplay.datasets.param.Params;
import java.util.List;

/** Phases of heavy and light writing, repeating: a batch job, a garbage collector. */
final class BurstyWorkload extends RandomWritesWorkload {
    static final String QUIET_RATE = "quiet-rate";
    static final String BURST = "burst";
    static final String QUIET = "quiet";

    @Override
    public String name() {
        return "bursty";
    }

    @Override
    public String description() {
        return "Alternates a burst (default 200 ms at 100k pages/s) and a quiet phase (800 ms at 1k pages/s), "
                + "starting with a burst at t=0; pages chosen as in hot-cold with the given skew (default "
                + "uniform). Whether a pass lands in a burst decides convergence.";
    }

    @Override
    public List<ParamSpec> params() {
        List<ParamSpec> out = memoryParams("100k/s", "50%", "scattered", "50%", "20%");
        out.add(skewParam("0"));
        out.add(ParamSpec.of(QUIET_RATE, Kind.RATE, "1k/s", "page writes per second during quiet phases"));
        out.add(ParamSpec.of(BURST, Kind.DURATION, "200ms", "length of each burst (rate applies)"));
        out.add(ParamSpec.of(QUIET, Kind.DURATION, "800ms", "length of each quiet phase (quiet-rate applies)"));
        return out;
    }

    @Override
    RateSchedule schedule(Params params) {
        long burst = params.durationNanos(BURST);
        long quiet = params.durationNanos(QUIET);
        if (burst <= 0 || quiet <= 0) {
            throw new IllegalArgumentException("bursty parameters burst and quiet must be > 0, were "
                    + burst + " ns and " + quiet + " ns");
        }
        return RateSchedule.alternating(params.rate(RATE), burst, params.rate(QUIET_RATE), quiet);
    }
}
