/** Parameters with units ({@code 64GiB}, {@code 50k/s}, {@code 200us}, {@code 30%}) and their declared specs. */
package dev.vmreplay.datasets.param;
