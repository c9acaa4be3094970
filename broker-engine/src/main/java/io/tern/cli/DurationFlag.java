package io.tern.cli;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads a duration flag: a number with a unit ({@code 500ms 10s 5m 2h 30d}) or ISO-8601 ({@code PT1H30M}, {@code P2D}). */
final class DurationFlag {
    private static final Pattern SHORT = Pattern.compile("(\\d{1,12})(ms|s|m|h|d)");

    private DurationFlag() {
    }

    static Duration parse(String value, String flag) {
        Matcher m = SHORT.matcher(value.trim());
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
            Duration d = Duration.parse(value.trim());
            if (d.isNegative()) {
                throw new IllegalArgumentException(flag + " '" + value + "' is negative; a duration must be zero or more");
            }
            return d;
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(flag + " '" + value + "' is not a duration such as 500ms, 10s, 5m, 2h, 1d or PT1H30M");
        }
    }
}
