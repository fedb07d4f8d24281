/**
 * The destination host (DESIGN.md section 3, seeds 2, 4 and 5), built by
 * {@link dev.vmreplay.engine.destination.DestinationModels#create} from a validated
 * {@link dev.vmreplay.engine.destination.DestinationSpec} as a
 * {@link dev.vmreplay.engine.destination.DestinationModel}:
 * <ul>
 *   <li>{@link dev.vmreplay.engine.destination.DestinationHost}: what every policy shares - landing
 *       bookkeeping, backing of source large pages ({@link dev.vmreplay.engine.destination.LargePageLayout}),
 *       holes ({@link dev.vmreplay.engine.destination.LargePageHoles}), the mappings that exist
 *       ({@link dev.vmreplay.engine.destination.PageTable}), faults after resume and contiguity.</li>
 *   <li>Page-table population ({@code dest.populate}), one small class per value behind
 *       {@link dev.vmreplay.engine.destination.PageTablePopulation}: told when a mapping's pages have
 *       landed, when the stun starts and when the guest faults after resume, it creates mappings and says
 *       what they cost.</li>
 *   <li>Zero-page handling ({@code dest.zero-pages}), one small class per value behind
 *       {@link dev.vmreplay.engine.destination.ZeroPageHandling}: told that a zero marker landed inside a
 *       backed large page, it fills the page or leaves a hole.</li>
 *   <li>{@link dev.vmreplay.engine.destination.DestinationCpu}: the one destination CPU zero fills and
 *       mappings made during the transfer queue on.</li>
 * </ul>
 */
package dev.vmreplay.engine.destination;
