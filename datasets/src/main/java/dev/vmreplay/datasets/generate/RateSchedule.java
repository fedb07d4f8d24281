package dev.vmreplay.datasets.generate;

import java.util.SplittableRandom;

/**
 * A piecewise-constant event rate over trace time, and the Poisson arrivals it drives. Arrivals
 * restart at each phase boundary (the exponential distribution is memoryless), so a rate change
 * takes effect exactly at the boundary.
 */
interface RateSchedule {
    /** Events per nanosecond at time {@code t}. */
    double ratePerNanos(double t);

    /** End of the phase containing {@code t}, strictly after {@code t}; infinity for the last phase. */
    double phaseEndNanos(double t);

    static RateSchedule constant(double perSecond) {
        double perNanos = perSecond / 1e9;
        return new RateSchedule() {
            @Override
            public double ratePerNanos(double t) {
                return perNanos;
            }

            @Override
            public double phaseEndNanos(double t) {
                return Double.POSITIVE_INFINITY;
            }
        };
    }

    /** {@code highNanos} at {@code highPerSecond}, then {@code lowNanos} at {@code lowPerSecond}, repeated. */
    static RateSchedule alternating(double highPerSecond, long highNanos, double lowPerSecond, long lowNanos) {
        double period = (double) highNanos + lowNanos;
        return new RateSchedule() {
            @Override
            public double ratePerNanos(double t) {
                return position(t) < highNanos ? highPerSecond / 1e9 : lowPerSecond / 1e9;
            }

            @Override
            public double phaseEndNanos(double t) {
                double start = Math.floor(t / period) * period;
                double end = t - start < highNanos ? start + highNanos : start + period;
                return end > t ? end : Math.nextUp(t);
            }

            private double position(double t) {
                return t - Math.floor(t / period) * period;
            }
        };
    }

    /** Next Poisson arrival after {@code now}; infinity if the rate stays 0 forever. */
    default double nextArrival(SplittableRandom rng, double now) {
        double t = now;
        while (true) {
            double rate = ratePerNanos(t);
            double end = phaseEndNanos(t);
            if (rate > 0) {
                double gap = -Math.log(1.0 - rng.nextDouble()) / rate;
                if (t + gap < end) {
                    return t + gap;
                }
            }
            if (end == Double.POSITIVE_INFINITY) {
                return Double.POSITIVE_INFINITY;
            }
            t = end;
        }
    }
}
