/**
 * The source host: per-page state (bitmaps, lazily chunked page versions) and write traces with
 * their granularity policies (seed technique 1).
 */
package dev.vmreplay.engine.source;
