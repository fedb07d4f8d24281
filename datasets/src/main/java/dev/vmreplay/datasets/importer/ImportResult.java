package dev.vmreplay.datasets.importer;

import dev.vmreplay.trace.VmManifest;

/** What an import wrote: the manifest (with provenance and counts) and the number of rows. */
public record ImportResult(VmManifest manifest, long rows) {
}
