/** The migration link: bandwidth, latency, headers, streams, zero markers, and the sender clock. */
package dev.vmreplay.engine.link;
