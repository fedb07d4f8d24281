package dev.vmreplay.engine.config;

import java.util.ArrayList;
import java.util.List;

/**
 * An enum whose constants are the values of a choice key ({@code precopy.sync = pass-end}). The enum
 * holds only its constants and their names in configuration; parsing, the list of allowed values and
 * the error message come from here, so a key's choices are written once, in the enum.
 */
public interface ConfigChoice {

    /** The value as written in configuration, e.g. {@code before-resume}. */
    String configName();

    /**
     * The constant of {@code type} whose config name is {@code text}, ignoring case and surrounding blanks
     * (as unit names do: {@code Throttle} is {@code throttle}).
     *
     * @param key the configuration key the value was given for, named in the error
     * @throws IllegalArgumentException naming the key, the value and the allowed values
     */
    static <E extends Enum<E> & ConfigChoice> E parse(Class<E> type, String key, String text) {
        String t = text == null ? "" : text.trim();
        for (E e : type.getEnumConstants()) {
            if (e.configName().equalsIgnoreCase(t)) {
                return e;
            }
        }
        throw ConfigKey.invalid(key, text, "not one of the choices", String.join(" | ", names(type)));
    }

    /** The config names of {@code type}'s constants, in declaration order. */
    static <E extends Enum<E> & ConfigChoice> List<String> names(Class<E> type) {
        List<String> names = new ArrayList<>();
        for (E e : type.getEnumConstants()) {
            names.add(e.configName());
        }
        return List.copyOf(names);
    }
}
