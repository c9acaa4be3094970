package io.tern.broker.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The settings of one component (the broker, the NameServer), in the order {@code --print-settings} lists them.
 * Turns {@link Assignment}s (from a file, flags and {@code --set}) into values, refusing an unknown name or a value
 * that does not read with a message naming the setting, the value, where it came from and what is allowed; the
 * component's builder then checks ranges and combinations. Immutable.
 */
public final class Settings<B, C> {
    private final String component;
    private final Map<String, Setting<B, C>> byName = new LinkedHashMap<>();

    /** One {@code name=value}, and where it was written (" (broker.conf line 3)", " (--set)"), for error messages. */
    public record Assignment(String name, String value, String where) {
    }

    public Settings(String component, List<Setting<B, C>> settings) {
        this.component = component;
        for (Setting<B, C> s : settings) {
            if (byName.put(s.name(), s) != null) {
                throw new IllegalStateException("setting " + s.name() + " is defined twice");
            }
        }
    }

    public List<Setting<B, C>> all() {
        return List.copyOf(byName.values());
    }

    public Setting<B, C> get(String name) {
        return byName.get(name);
    }

    /** Parses each assignment; a later one of the same name wins (file, then flags, then --set). */
    public Map<Setting<B, C>, Object> resolve(List<Assignment> assignments) {
        Map<Setting<B, C>, Object> values = new LinkedHashMap<>();
        for (Assignment a : assignments) {
            Setting<B, C> s = byName.get(a.name());
            if (s == null) {
                throw new SettingException("unknown " + component + " setting '" + a.name() + "'" + a.where() + ": see --print-settings for the "
                        + byName.size() + " settings and their names" + nearest(a.name()));
            }
            values.remove(s);
            values.put(s, s.parse(a.value(), a.where()));
        }
        return values;
    }

    /** Applies resolved values to a builder. */
    public void apply(B builder, Map<Setting<B, C>, Object> values) {
        values.forEach((s, v) -> s.apply(builder, v));
    }

    /** Every setting: name, type, unit, default and meaning; with {@code config}, also the value in effect. */
    public String describe(C config) {
        StringBuilder out = new StringBuilder();
        for (Setting<B, C> s : byName.values()) {
            out.append(s.name()).append(" (").append(s.type().name());
            if (!s.unit().isEmpty()) {
                out.append(", ").append(s.unit());
            }
            out.append(") default: ").append(s.defaultText().isEmpty() ? "(none)" : s.defaultText());
            if (config != null) {
                out.append("  value: ").append(s.read(config));
            }
            out.append(System.lineSeparator()).append("    ").append(s.description()).append(System.lineSeparator());
        }
        return out.toString();
    }

    private String nearest(String name) {
        List<String> close = new ArrayList<>();
        for (String known : byName.keySet()) {
            if (distance(known.toLowerCase(), name.toLowerCase()) <= 2) {
                close.add(known);
            }
        }
        return close.isEmpty() ? "" : "; did you mean " + String.join(" or ", close) + "?";
    }

    /** Levenshtein distance: a name two edits from a known one is most likely a typo of it. */
    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitute = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                cur[j] = Math.min(substitute, Math.min(prev[j], cur[j - 1]) + 1);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
