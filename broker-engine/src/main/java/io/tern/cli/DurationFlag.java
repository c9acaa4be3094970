package io.tern.cli;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one duration syntax of every {@code tern} flag ({@code --wait}, {@code --delay}, {@code --ttl},
 * {@code --invisibility}, {@code bench --duration}, ...): numbers with units, run together ({@code 500ms 10s 5m 2h
 * 1d 1h30m 2m15s}), a bare number meaning seconds ({@code 10} = {@code 10s}, as the flags took before they had
 * units), or ISO-8601 ({@code PT1H30M}, {@code P2D}). Registered with picocli as the converter for {@link Duration}
 * options, so a bad value is a usage error (exit 2) naming the flag.
 */
final class DurationFlag {
    private static final Pattern PART = Pattern.compile("(\\d{1,12})(ms|s|m|h|d)");
    private static final Pattern COMPOUND = Pattern.compile("(\\d{1,12}(ms|s|m|h|d))+");
    static final String FORMS = "500ms, 10s, 5m, 2h, 1d, 1h30m or PT1H30M (a bare number is seconds)";

    private DurationFlag() {
    }

    /** For picocli: the message names the value; picocli adds the flag ("Invalid value for option '--wait': ..."). */
    static Duration convert(String value) {
        try {
            return parse(value, "");
        } catch (BadUsage e) {
            throw new picocli.CommandLine.TypeConversionException(e.getMessage().trim());
        }
    }

    static Duration parse(String value, String flag) {
        String v = value.trim();
        if (v.matches("\\d{1,12}")) {
            return Duration.ofSeconds(Long.parseLong(v));
        }
        if (COMPOUND.matcher(v).matches()) {
            Duration total = Duration.ZERO;
            Matcher m = PART.matcher(v);
            while (m.find()) {
                total = total.plus(unit(Long.parseLong(m.group(1)), m.group(2)));
            }
            return total;
        }
        try {
            Duration d = Duration.parse(v);
            if (d.isNegative()) {
                throw new BadUsage((flag + " '" + value).trim() + "' is negative; a duration must be zero or more");
            }
            return d;
        } catch (DateTimeParseException e) {
            throw new BadUsage((flag + " '" + value).trim() + "' is not a duration such as " + FORMS);
        }
    }

    private static Duration unit(long n, String unit) {
        return switch (unit) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        };
    }

    /** "2s", "1h30m", "500ms": the form the flags take, for output. */
    static String format(Duration d) {
        if (d.isZero()) {
            return "0s";
        }
        StringBuilder b = new StringBuilder();
        long ms = d.toMillis();
        long[] sizes = {86_400_000, 3_600_000, 60_000, 1_000, 1};
        String[] units = {"d", "h", "m", "s", "ms"};
        for (int i = 0; i < sizes.length; i++) {
            if (ms >= sizes[i]) {
                b.append(ms / sizes[i]).append(units[i]);
                ms %= sizes[i];
            }
        }
        return b.toString();
    }
}
