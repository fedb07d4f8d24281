/**
 * The destination host (DESIGN.md section 3, seeds 2, 4 and 5): how source large pages are backed
 * ({@link dev.vmreplay.engine.destination.LargePageLayout}), what a zero marker does
 * ({@link dev.vmreplay.engine.destination.ZeroPageHandling}), when page-table mappings are created
 * ({@link dev.vmreplay.engine.destination.PageTablePopulation}), and the faults the guest takes after
 * resume. {@link dev.vmreplay.engine.destination.DestinationModels#create} builds a
 * {@link dev.vmreplay.engine.destination.DestinationModel} from a validated
 * {@link dev.vmreplay.engine.destination.DestinationSpec}.
 */
package dev.vmreplay.engine.destination;
