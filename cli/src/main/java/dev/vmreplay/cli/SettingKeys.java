package dev.vmreplay.cli;

import dev.vmreplay.units.DidYouMean;
import java.util.Collection;
import java.util.Map;

/** {@code --set KEY=VALUE} keys checked against the known ones, with the grid parser's "did you mean". */
final class SettingKeys {
    private SettingKeys() {
    }

    /** @throws IllegalArgumentException naming the first unknown key and the closest known one */
    static void requireKnown(Map<String, String> settings, Collection<String> known) {
        for (String key : settings.keySet()) {
            if (!known.contains(key)) {
                throw new IllegalArgumentException("--set: unknown configuration key '" + key + "'"
                        + DidYouMean.hint(key, known) + "; 'vmreplay presets --keys' lists them all");
            }
        }
    }
}
