package dev.vmreplay.engine;

import dev.vmreplay.engine.destination.DestinationModel;

/**
 * A destination that costs nothing: every page is processed on arrival, no stun work, no faults
 * after resume, every large page kept. The destination of part 1 of the model, and the neutral
 * element for tests of the source side and the link.
 */
public class ImmediateDestination implements DestinationModel {
    @Override
    public long pageArrived(long page, boolean zeroMarker, boolean duringStun, long arrivalNanos) {
        return arrivalNanos;
    }

    @Override
    public long stunWorkNanos() {
        return 0;
    }

    @Override
    public void resume(long resumeNanos) {
        // nothing to freeze
    }

    @Override
    public long touchAfterResume(long page, int vcpu, long nowNanos) {
        return 0;
    }

    @Override
    public long postResumeFaults() {
        return 0;
    }

    @Override
    public double contiguityLoss() {
        return 0;
    }
}
