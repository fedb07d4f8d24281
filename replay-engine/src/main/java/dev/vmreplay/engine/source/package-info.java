/**
 * The source host as the migration sees it (seed technique 1):
 * <ul>
 *   <li>{@link dev.vmreplay.engine.source.Bitmap}: one bit per page, several bitmaps interleaved in one
 *       array so a guest write's bits share a cache line.</li>
 *   <li>Write traces, one class per granule policy behind {@link dev.vmreplay.engine.source.WriteTraces}
 *       ({@code trace.granularity}, {@code trace.coarse-policy}): {@code SmallPageTraces} (4 KiB),
 *       {@code DirtyGranuleTraces} and {@code RefiningTraces} (coarse granules). They count installs and
 *       fires and say what a fire costs the writing vCPU.</li>
 *   <li>Who pays for installing traces ({@code trace.install-vcpus}), behind
 *       {@link dev.vmreplay.engine.source.TraceInstall}: {@code AllVcpusInstall} (every vCPU stops) and
 *       {@code FewVcpusInstall} (k of n vCPUs), charged through
 *       {@link dev.vmreplay.engine.source.VcpuStalls}, which the engine's clock implements.</li>
 * </ul>
 */
package dev.vmreplay.engine.source;
