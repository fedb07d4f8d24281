package dev.vmreplay.engine.config;

import dev.vmreplay.engine.MigrationConfig;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.Objects;
import java.util.function.Function;

/**
 * One group of keys: an immutable spec record ({@code Link}, {@code DestinationSpec}, ...) that a part of
 * the engine takes, and where {@link MigrationConfig} holds it. Keys name the record component they fill
 * ({@link ConfigKey.Target}); the spec is built through its canonical constructor, so its compact
 * constructor validates it as when built in code. Reflection runs once per parsed configuration, never
 * in the replay loop.
 *
 * @param <R> the spec record
 */
public final class SpecType<R extends Record> {
    private final String name;
    private final Class<R> type;
    private final Function<MigrationConfig, R> inConfig;
    private final RecordComponent[] components;
    private final Constructor<R> constructor;

    /**
     * @param name the group's name in messages ({@code link})
     * @param type the spec record
     * @param inConfig the spec's accessor on {@link MigrationConfig}
     */
    public SpecType(String name, Class<R> type, Function<MigrationConfig, R> inConfig) {
        this.name = Objects.requireNonNull(name, "name");
        this.type = Objects.requireNonNull(type, "type");
        this.inConfig = Objects.requireNonNull(inConfig, "inConfig");
        this.components = type.getRecordComponents();
        try {
            this.constructor = type.getDeclaredConstructor(
                    Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new));
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException("record without canonical constructor: " + type.getName(), e);
        }
    }

    public String name() {
        return name;
    }

    public Class<R> type() {
        return type;
    }

    /** This group's spec in {@code config}. */
    public R in(MigrationConfig config) {
        return inConfig.apply(config);
    }

    int componentCount() {
        return components.length;
    }

    String componentName(int index) {
        return components[index].getName();
    }

    Class<?> componentType(int index) {
        return components[index].getType();
    }

    /** Index of the component called {@code component}; a misspelt name fails when the registry loads. */
    int indexOf(String component) {
        for (int i = 0; i < components.length; i++) {
            if (components[i].getName().equals(component)) {
                return i;
            }
        }
        throw new IllegalStateException(type.getSimpleName() + " has no component '" + component + "'");
    }

    /** The value of component {@code index} of {@code spec}, boxed. */
    Object read(R spec, int index) {
        try {
            return components[index].getAccessor().invoke(spec);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("cannot read " + type.getSimpleName() + "." + componentName(index), e);
        }
    }

    /**
     * The spec with {@code values} in component order; numbers parsed as {@code long} are narrowed to
     * {@code int} components (the key's range keeps them in int range).
     *
     * @throws IllegalArgumentException what the spec's compact constructor throws for a bad value
     */
    R create(Object[] values) {
        Object[] args = values.clone();
        for (int i = 0; i < args.length; i++) {
            if (componentType(i) == int.class && args[i] instanceof Long l) {
                args[i] = Math.toIntExact(l);
            }
        }
        try {
            return constructor.newInstance(args);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException("cannot build " + type.getSimpleName(), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot build " + type.getSimpleName(), e);
        }
    }

    @Override
    public String toString() {
        return name + " (" + type.getSimpleName() + ")";
    }
}
