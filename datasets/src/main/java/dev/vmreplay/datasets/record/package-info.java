/**
 * Recording the memory writes of a live program (a QEMU process included) as a dirty-epochs trace:
 * the native LD_PRELOAD library built from {@code src/main/c/vmreplay_record.c} and the Java side
 * that launches the target with it and converts what it wrote.
 */
package dev.vmreplay.datasets.record;
