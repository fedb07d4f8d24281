/**
 * Trace statistics behind {@code vmreplay inspect}: one streaming pass over a memory or IO trace,
 * batch by batch, in primitive state (page sets in RoaringBitmap, latencies in HdrHistogram), giving
 * immutable summaries ({@link dev.vmreplay.analysis.inspect.MemoryTraceStats},
 * {@link dev.vmreplay.analysis.inspect.IoTraceStats}).
 *
 * <p>Time windows are aligned at the trace's first {@code t_ns} and {@code W} long:
 * {@code [first + k*W, first + (k+1)*W)}. Only complete windows are summarised; the trace is taken to
 * cover {@code [first, last + 1 ns)}, so the last window counts only when the trace reaches its end.
 * Windows without events inside the covered span count as zeros.
 */
package dev.vmreplay.analysis.inspect;
