package io.tern.jms.internal.settings;

import java.util.Arrays;
import java.util.List;

/**
 * Every connection factory option: its URL name (also the bean property of {@code TernConnectionFactory}), its
 * default and what values it takes. Durations are whole milliseconds.
 */
public enum Option {
    /** The JMS client ID given by the administrator (then the application cannot change it). */
    CLIENT_ID("clientID", null, Kind.TEXT),
    /** The login presented to NameServers and brokers (anonymous without one). */
    USER("user", null, Kind.TEXT),
    PASSWORD("password", null, Kind.TEXT),
    /**
     * Messages a consumer leases ahead of the application (0: one at a time, asked for when the application is ready
     * for it). 32 keeps a listener busy without holding much from competing consumers.
     */
    PREFETCH("prefetch", "32", Kind.COUNT),
    /** How long a send, ack or commit waits for the broker's answer before it fails. */
    SEND_TIMEOUT("sendTimeout", "10000", Kind.MILLIS),
    /** How long closing a connection waits for listeners and pending completions before it gives up on them. */
    CLOSE_TIMEOUT("closeTimeout", "30000", Kind.MILLIS),
    /** Comma-separated packages (or classes) an ObjectMessage may deserialize beyond the built-in java.lang, java.util, java.time, java.math. */
    TRUSTED_PACKAGES("trustedPackages", "", Kind.TEXT),
    /** NON_PERSISTENT sends return before the broker's answer; failures go to the ExceptionListener. */
    NON_PERSISTENT_ASYNC("nonPersistentAsync", "false", Kind.BOOLEAN),
    /**
     * How often the leases of held messages (prefetched or delivered and not yet acknowledged) are renewed; each
     * lease asked for lasts three periods, so a renewal may be lost twice before another consumer could get the message.
     */
    LEASE_RENEWAL("leaseRenewal", "10000", Kind.MILLIS);

    private enum Kind { TEXT, COUNT, MILLIS, BOOLEAN }

    private final String optionName;
    private final String defaultText;
    private final Kind kind;

    Option(String optionName, String defaultText, Kind kind) {
        this.optionName = optionName;
        this.defaultText = defaultText;
        this.kind = kind;
    }

    public String optionName() {
        return optionName;
    }

    public String defaultText() {
        return defaultText;
    }

    boolean secret() {
        return this == PASSWORD;
    }

    /** The option of this URL/bean name, or null. */
    public static Option named(String name) {
        for (Option o : values()) {
            if (o.optionName.equals(name)) {
                return o;
            }
        }
        return null;
    }

    static List<String> names() {
        return Arrays.stream(values()).map(Option::optionName).toList();
    }

    /** Why {@code value} is not valid for this option, or null if it is (null values unset the option). */
    String check(String value) {
        if (value == null) {
            return null;
        }
        return switch (kind) {
            case TEXT -> null;
            case BOOLEAN -> value.equals("true") || value.equals("false") ? null : "use true or false";
            case COUNT -> inRange(value, 0, 1_000_000, "a message count 0-1000000");
            case MILLIS -> inRange(value, this == LEASE_RENEWAL ? 10 : 1, 3_600_000, "milliseconds " + (this == LEASE_RENEWAL ? 10 : 1) + "-3600000");
        };
    }

    private static String inRange(String value, long min, long max, String what) {
        try {
            long v = Long.parseLong(value);
            return v >= min && v <= max ? null : "out of range: use " + what;
        } catch (NumberFormatException e) {
            return "not a number: use " + what;
        }
    }
}
