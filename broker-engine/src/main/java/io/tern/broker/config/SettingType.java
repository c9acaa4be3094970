package io.tern.broker.config;

import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How a setting's text becomes a value and back. {@link #parse} throws {@link IllegalArgumentException} whose
 * message is what is allowed ("an integer", "a duration such as 10s"); {@link Settings} adds the name and the value.
 * Immutable.
 *
 * @param name    the type as {@code --print-settings} shows it
 * @param allowed what a value must look like, for error messages
 */
public record SettingType<T>(String name, String allowed, Function<String, T> parser, Function<T, String> formatter) {
    private static final Pattern SHORT_DURATION = Pattern.compile("(\\d{1,12})(ms|s|m|h|d)");
    private static final Pattern SIZE = Pattern.compile("(\\d{1,19})([kmg]?)");

    public static final SettingType<Integer> INT = new SettingType<>("int", "an integer", s -> Integer.parseInt(s), String::valueOf);
    public static final SettingType<Long> LONG = new SettingType<>("long", "an integer", s -> Long.parseLong(s), String::valueOf);
    /** A byte count: a number with an optional k, m or g (powers of 1024). */
    public static final SettingType<Long> BYTES = new SettingType<>("bytes", "a byte count such as 65536, 64k, 4m or 1g",
            SettingType::parseBytes, String::valueOf);
    public static final SettingType<Double> FRACTION = new SettingType<>("fraction", "a decimal number such as 0.85",
            s -> Double.parseDouble(s), String::valueOf);
    public static final SettingType<Boolean> BOOL = new SettingType<>("boolean", "true or false", SettingType::parseBool, String::valueOf);
    public static final SettingType<String> STRING = new SettingType<>("string", "a string", s -> s, s -> s);
    /** A string that may be empty: empty means "none" (null). */
    public static final SettingType<String> OPTIONAL_STRING = new SettingType<>("string", "a string, or empty for none",
            s -> s.isEmpty() ? null : s, s -> s == null ? "" : s);
    public static final SettingType<Path> PATH = new SettingType<>("path", "a file or directory path", Path::of, Path::toString);
    /** A path that may be empty: empty means "none" (null). */
    public static final SettingType<Path> OPTIONAL_PATH = new SettingType<>("path", "a file path, or empty for none",
            s -> s.isEmpty() ? null : Path.of(s), p -> p == null ? "" : p.toString());
    public static final SettingType<Duration> DURATION = new SettingType<>("duration",
            "a duration such as 500ms, 10s, 5m, 2h, 1d or PT1H30M", SettingType::parseDuration, SettingType::formatDuration);
    public static final SettingType<List<Duration>> DURATIONS = new SettingType<>("durations",
            "durations separated by commas, such as 1s,5s,10s", s -> list(s, SettingType::parseDuration),
            l -> String.join(",", l.stream().map(SettingType::formatDuration).toList()));
    public static final SettingType<List<String>> STRINGS = new SettingType<>("list", "values separated by commas, or empty for none",
            s -> list(s, x -> x), l -> String.join(",", l));

    /** Parses {@code text}; throws IllegalArgumentException with {@link #allowed} as its message when it does not read. */
    public T parse(String text) {
        try {
            return parser.apply(text.trim());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(allowed);
        }
    }

    @SuppressWarnings("unchecked")
    public String format(Object value) {
        return formatter.apply((T) value);
    }

    /** One of the constants of {@code type}, case-insensitive. */
    public static <E extends Enum<E>> SettingType<E> of(Class<E> type) {
        String names = String.join(", ", Arrays.stream(type.getEnumConstants()).map(Enum::name).toList());
        return new SettingType<>(names, "one of " + names, s -> Enum.valueOf(type, s.toUpperCase(Locale.ROOT)), Enum::name);
    }

    private static boolean parseBool(String s) {
        if (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(s);
        }
        throw new IllegalArgumentException(s);
    }

    static long parseBytes(String s) {
        Matcher m = SIZE.matcher(s.toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException(s);
        }
        int shift = switch (m.group(2)) {
            case "k" -> 10;
            case "m" -> 20;
            case "g" -> 30;
            default -> 0;
        };
        long n = Long.parseLong(m.group(1));
        if (n > (Long.MAX_VALUE >> shift)) {
            throw new IllegalArgumentException(s);
        }
        return n << shift;
    }

    /** A number with a unit ({@code 500ms 10s 5m 2h 30d}) or ISO-8601 ({@code PT1H30M}); never negative. */
    public static Duration parseDuration(String s) {
        Matcher m = SHORT_DURATION.matcher(s.trim());
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
        }
        try {
            Duration d = Duration.parse(s.trim());
            if (d.isNegative()) {
                throw new IllegalArgumentException(s);
            }
            return d;
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(s, e);
        }
    }

    /** The shortest exact short form: 1500ms, 10s, 5m, 2h, 30d. */
    public static String formatDuration(Duration d) {
        long ms = d.toMillis();
        if (ms % 86_400_000L == 0 && ms != 0) {
            return ms / 86_400_000L + "d";
        }
        if (ms % 3_600_000L == 0 && ms != 0) {
            return ms / 3_600_000L + "h";
        }
        if (ms % 60_000L == 0 && ms != 0) {
            return ms / 60_000L + "m";
        }
        if (ms % 1000L == 0) {
            return ms / 1000L + "s";
        }
        return ms + "ms";
    }

    private static <T> List<T> list(String s, Function<String, T> item) {
        List<T> out = new ArrayList<>();
        for (String part : s.split(",")) {
            if (!part.isBlank()) {
                out.add(item.apply(part.trim()));
            }
        }
        return List.copyOf(out);
    }
}
