package dev.vmreplay.engine;

import dev.vmreplay.engine.config.ConfigChoice;
import dev.vmreplay.engine.config.ConfigRegistry;
import java.util.Objects;

/**
 * What the orchestrator that runs the migration (libvirt with OpenStack Nova, KubeVirt) does on top of
 * QEMU (keys {@code orchestrator.*}): it polls the migration, steps the downtime limit up, and gives up or
 * forces completion after a timeout. All off by default (QEMU driven directly). Defaults and ranges live
 * in {@link ConfigRegistry}; the presets {@code nova-defaults} and {@code kubevirt-defaults} set them.
 *
 * @param pollIntervalNanos {@code orchestrator.poll-interval}: how often the orchestrator looks at the
 *     migration (Nova 0.5 s, KubeVirt 0.4 s); its decisions happen at these polls
 * @param downtimeSteps {@code orchestrator.downtime-steps}: steps from {@code precopy.downtime-target / steps}
 *     up to {@code precopy.downtime-target} (Nova live_migration_downtime_steps), 0 = the limit stays fixed
 * @param downtimeStepDelayNanos {@code orchestrator.downtime-step-delay}: time between steps per GiB of
 *     migration data (Nova live_migration_downtime_delay)
 * @param completionTimeoutNanos {@code orchestrator.completion-timeout}: per GiB of migration data (Nova
 *     live_migration_completion_timeout, KubeVirt completionTimeoutPerGiB), 0 = none
 * @param progressTimeoutNanos {@code orchestrator.progress-timeout}: abort when the remaining data has not
 *     fallen between polls for this long (KubeVirt progressTimeout), 0 = none
 * @param timeoutAction {@code orchestrator.timeout-action}: what the completion timeout does
 * @param dataSize {@code orchestrator.data-size}: how the orchestrator sizes the migration for its per-GiB
 *     settings
 */
public record OrchestrationSpec(
        long pollIntervalNanos,
        int downtimeSteps,
        long downtimeStepDelayNanos,
        long completionTimeoutNanos,
        long progressTimeoutNanos,
        TimeoutAction timeoutAction,
        DataSize dataSize) {

    /** {@code orchestrator.timeout-action}. */
    public enum TimeoutAction implements ConfigChoice {
        /** Cancel the migration; the guest stays on the source (Nova and KubeVirt default). */
        ABORT("abort"),
        /** Pause the guest so pre-copy can finish (Nova force_complete without post-copy, KubeVirt allowWorkloadDisruption). */
        PAUSE("pause"),
        /** Switch to post-copy (Nova force_complete with permit_post_copy, KubeVirt allowPostCopy). */
        POSTCOPY("postcopy");

        private final String configName;

        TimeoutAction(String configName) {
            this.configName = configName;
        }

        @Override
        public String configName() {
            return configName;
        }
    }

    /** {@code orchestrator.data-size}: the "GiB" the per-GiB settings multiply. */
    public enum DataSize implements ConfigChoice {
        /**
         * Nova {@code _live_migration_data_gb}: guest memory in GiB, at least 2 (shared storage: no disk);
         * delays and timeouts are whole seconds ({@code int(value x data_gb)}).
         */
        NOVA("nova"),
        /**
         * KubeVirt {@code getVMIMigrationDataSize}: guest memory in decimal GB (10^9 bytes), rounded up.
         */
        KUBEVIRT("kubevirt");

        private final String configName;

        DataSize(String configName) {
            this.configName = configName;
        }

        @Override
        public String configName() {
            return configName;
        }

        /** The migration's size in the orchestrator's "GiB" for a guest of {@code memoryBytes}. */
        public double dataGib(long memoryBytes) {
            return switch (this) {
                case NOVA -> Math.max(2.0, memoryBytes / (double) ConfigRegistry.GIB);
                case KUBEVIRT -> Math.ceil(memoryBytes / 1e9);
            };
        }

        /** {@code perGibNanos} scaled to a guest of {@code memoryBytes}, in whole seconds as the orchestrator computes it, ns. */
        public long scaledNanos(long perGibNanos, long memoryBytes) {
            double seconds = perGibNanos / 1e9 * dataGib(memoryBytes);
            return (long) seconds * ConfigRegistry.S;
        }
    }

    public OrchestrationSpec {
        Objects.requireNonNull(timeoutAction, "orchestrator.timeout-action");
        Objects.requireNonNull(dataSize, "orchestrator.data-size");
        ConfigRegistry.checkRange("orchestrator.poll-interval", pollIntervalNanos);
        ConfigRegistry.checkRange("orchestrator.downtime-steps", downtimeSteps);
        ConfigRegistry.checkRange("orchestrator.downtime-step-delay", downtimeStepDelayNanos);
        ConfigRegistry.checkRange("orchestrator.completion-timeout", completionTimeoutNanos);
        ConfigRegistry.checkRange("orchestrator.progress-timeout", progressTimeoutNanos);
    }

    /** Whether the orchestrator does anything the replay models (otherwise it is not polled at all). */
    public boolean active() {
        return downtimeSteps > 0 || completionTimeoutNanos > 0 || progressTimeoutNanos > 0;
    }
}
