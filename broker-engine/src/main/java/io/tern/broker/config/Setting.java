package io.tern.broker.config;

import java.util.Objects;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * One setting: its name (as written in a settings file and after {@code --set}), type, default, unit and meaning,
 * how it is put on a component's builder and read back from the built configuration. Immutable.
 *
 * <p>{@code read} is what keeps the default honest: {@code SettingsRegistryTest} builds a configuration from no
 * settings and checks that every setting reads back its declared default, so the builder's default and this one
 * cannot drift apart.
 *
 * @param <B> the builder it is applied to
 * @param <C> the built configuration it is read from
 */
public final class Setting<B, C> {
    private final String name;
    private final SettingType<?> type;
    private final String defaultText;
    private final String unit;
    private final String description;
    private final BiConsumer<B, Object> apply;
    private final Function<C, Object> read;
    private final boolean fixedDefault;

    private Setting(String name, SettingType<?> type, String defaultText, String unit, String description,
                    BiConsumer<B, Object> apply, Function<C, Object> read, boolean fixedDefault) {
        this.fixedDefault = fixedDefault;
        this.name = Objects.requireNonNull(name);
        this.type = type;
        this.defaultText = defaultText;
        this.unit = unit;
        this.description = description;
        this.apply = apply;
        this.read = read;
    }

    @SuppressWarnings("unchecked")
    public static <B, C, T> Setting<B, C> of(String name, SettingType<T> type, T defaultValue, String unit, String description,
                                             BiConsumer<B, T> apply, Function<C, T> read) {
        return new Setting<>(name, type, type.format(defaultValue), unit, description,
                (b, v) -> apply.accept(b, (T) v), c -> read.apply(c), true);
    }

    /** A setting whose default is not one value (it depends on the machine): {@code defaultText} says how it is chosen. */
    @SuppressWarnings("unchecked")
    public static <B, C, T> Setting<B, C> computed(String name, SettingType<T> type, String defaultText, String unit,
                                                   String description, BiConsumer<B, T> apply, Function<C, T> read) {
        return new Setting<>(name, type, defaultText, unit, description, (b, v) -> apply.accept(b, (T) v), c -> read.apply(c), false);
    }

    public String name() { return name; }
    public SettingType<?> type() { return type; }
    /** The default as a settings file would write it. */
    public String defaultText() { return defaultText; }
    /** The unit of the value ("bytes", "ms"), or "" when it has none. */
    public String unit() { return unit; }
    public String description() { return description; }

    /** True when the default is one value, not a rule such as "2 x cores". */
    public boolean hasFixedDefault() {
        return fixedDefault;
    }

    /** Parses {@code text}, naming this setting, the value and what is allowed when it does not read. */
    public Object parse(String text, String where) {
        try {
            return type.parse(text);
        } catch (IllegalArgumentException e) {
            throw new SettingException("setting " + name + " = '" + text + "'" + where + " is invalid: must be " + e.getMessage());
        }
    }

    public void apply(B builder, Object value) {
        apply.accept(builder, value);
    }

    /** The value in a built configuration, formatted as a settings file would write it. */
    public String read(C config) {
        return type.format(read.apply(config));
    }
}
