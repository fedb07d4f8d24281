/**
 * The migration link: {@link dev.vmreplay.engine.link.Link}, the link spec of a
 * {@link dev.vmreplay.engine.MigrationConfig} (bandwidth, latency, page headers, streams, zero markers),
 * and {@link dev.vmreplay.engine.link.Sender}, the sender's clock (pages on the wire at the pre-copy
 * rate cap or at link speed).
 */
package dev.vmreplay.engine.link;
