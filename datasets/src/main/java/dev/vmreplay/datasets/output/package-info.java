/** Where generators and importers send rows: trace files through {@code Traces}, or anything else in tests. */
package dev.vmreplay.datasets.output;
