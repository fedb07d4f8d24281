/**
 * Where traces come from when a user has none of their own: the bundled {@link dev.vmreplay.datasets.Catalogue}
 * of small real and synthetic traces. Generators, importers and the recorder live in subpackages.
 */
package dev.vmreplay.datasets;
