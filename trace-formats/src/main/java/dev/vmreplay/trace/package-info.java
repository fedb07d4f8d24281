/**
 * Trace data model shared by every module: the memory access trace and IO trace as primitive column
 * batches, the VM manifest, readers and writers, and the one exception type for bad input.
 *
 * <p>Schemas are those of {@code DESIGN.md} section 2. Storage lives in {@code .parquet} and
 * {@code .arrow} subpackages; everything above them sees only {@link MemoryTraceReader} /
 * {@link IoTraceReader} and the batch classes.
 */
package dev.vmreplay.trace;
