/**
 * Capacity planning ({@code vmreplay plan}): for a fleet of recorded guests and a migration
 * network, which technique keeps every VM under a downtime SLA, how many migrations fit in a
 * maintenance window when N share the link, and the smallest link that would fit them all
 * ({@link dev.vmreplay.analysis.plan.CapacityPlanner}).
 */
package dev.vmreplay.analysis.plan;
