package dev.vmreplay.analysis.inspect;

/**
 * One class of the IO request size mix: requests with {@code minBytes <= len <= maxBytes}. Classes are
 * {@code 0}, {@code 1..512} and then powers of two: {@code 513..1024}, {@code 1025..2048}, ...
 *
 * @param requests requests in the class
 * @param bytes sum of their {@code len}
 */
public record SizeClass(long minBytes, long maxBytes, long requests, long bytes) {
}
