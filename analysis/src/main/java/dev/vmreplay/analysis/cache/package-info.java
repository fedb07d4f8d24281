/**
 * Where traces come from and the local copies replays read: {@link dev.vmreplay.analysis.cache.TraceLocation}
 * (a local path, or a URI any Hadoop {@code FileSystem} reads, such as {@code hdfs:} or {@code s3a:}),
 * {@link dev.vmreplay.analysis.cache.RemoteFiles} (the Hadoop side) and
 * {@link dev.vmreplay.analysis.cache.TraceCache}, which keeps one memory-mappable Arrow IPC copy of each
 * trace, keyed by its content, so the runs of a sweep, a plan or the demo decode a Parquet trace once
 * and an executor fetches a remote trace once.
 */
package dev.vmreplay.analysis.cache;
