/**
 * Capacity planning ({@code vmreplay plan}): for a fleet of recorded guests and a migration
 * network, which technique keeps every VM under a downtime SLA, how many migrations fit in a
 * maintenance window when N share the link, and the smallest link that would fit them all
 * ({@link dev.vmreplay.analysis.plan.CapacityPlanner}). A fleet file ({@link dev.vmreplay.analysis.plan.FleetFile})
 * places VMs on source hosts, and the plan drains them under per-host and cluster limits
 * ({@link dev.vmreplay.analysis.plan.EvacuationSchedule}).
 */
package dev.vmreplay.analysis.plan;
