package dev.vmreplay.trace;

/**
 * Options for opening a trace.
 *
 * @param assumedMemoryBytes memory size to assume when the trace has no manifest (the CLI's
 *     {@code --memory}); 0 = derive it from the highest address in the trace
 * @param batchRows rows per batch handed to the consumer, > 0
 */
public record ReadOptions(long assumedMemoryBytes, int batchRows) {
    public ReadOptions {
        if (assumedMemoryBytes < 0) {
            throw new IllegalArgumentException("assumedMemoryBytes must be >= 0, was " + assumedMemoryBytes);
        }
        if (batchRows <= 0) {
            throw new IllegalArgumentException("batchRows must be > 0, was " + batchRows);
        }
    }

    public static ReadOptions defaults() {
        return new ReadOptions(0, MemoryBatch.DEFAULT_CAPACITY);
    }

    public ReadOptions withAssumedMemoryBytes(long bytes) {
        return new ReadOptions(bytes, batchRows);
    }
}
