/**
 * Importers that turn real recordings (dirty-page epochs, valgrind lackey, fio iologs, the MSR
 * Cambridge block traces, blkparse text) into vmreplay traces. Every importer streams, accepts gzip
 * input, and reads its input twice: a first pass validates every line and gathers what the manifest
 * needs (distinct pages, queues, counts), the second writes rows. A malformed line is a
 * {@link dev.vmreplay.trace.TraceFormatException} naming the file and line; nothing is dropped
 * silently, and lines an importer skips on purpose are counted in the manifest provenance.
 */
package dev.vmreplay.datasets.importer;
