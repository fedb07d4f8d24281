/**
 * Pre-copy techniques as small interchangeable classes: switch-over rules (QEMU downtime target,
 * Xen limits, no progress), when the dirty set is taken, and what a stuck migration does
 * (force, throttle, abort).
 */
package dev.vmreplay.engine.technique;
