/**
 * Arrow IPC file storage of traces: the fast local cache. Writers produce uncompressed Arrow IPC
 * files (non-nullable signed integer columns, the manifest in the schema's custom metadata under
 * {@code vmreplay.vm}); readers memory-map the file and copy each record batch's column buffers
 * into the batch arrays with bulk copies, reading the IPC message headers themselves so no Arrow
 * buffer is allocated per batch. Readers of the same unchanged file share its mappings.
 */
package dev.vmreplay.trace.arrow;
