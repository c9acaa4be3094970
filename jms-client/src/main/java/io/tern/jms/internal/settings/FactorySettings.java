package io.tern.jms.internal.settings;

import jakarta.jms.JMSException;

import java.io.Serializable;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A connection factory's settings: the NameServers and every {@link Option}, parsed from a URL
 * <pre>
 *   tern://host:port[,host2:port]?option=value&amp;option=value
 * </pre>
 * (values URL-encoded). Immutable: {@link #with} returns a changed copy, which is how the factory's bean setters of the
 * same names work. An unknown option or a value that does not parse is a {@link JMSException} naming it; nothing is
 * half-applied.
 *
 * <p>Thread rules: immutable, any thread.
 */
public final class FactorySettings implements Serializable {
    private static final long serialVersionUID = 1L;
    public static final String SCHEME = "tern://";

    private final List<String> nameServers;
    /** Option name to its text as given (validated); options not given take {@link Option#defaultText()}. */
    private final TreeMap<String, String> given;

    private FactorySettings(List<String> nameServers, TreeMap<String, String> given) {
        this.nameServers = List.copyOf(nameServers);
        this.given = given;
    }

    /** Parses {@code tern://h:p[,h:p]?k=v&k=v}; throws naming the part that is wrong. */
    public static FactorySettings parse(String url) throws JMSException {
        if (url == null || !url.startsWith(SCHEME)) {
            throw invalid("connection URL '" + url + "' must start with " + SCHEME + " (tern://host:port[,host:port]?option=value)");
        }
        String rest = url.substring(SCHEME.length());
        int q = rest.indexOf('?');
        String hosts = q < 0 ? rest : rest.substring(0, q);
        List<String> nameServers = parseHosts(url, hosts);
        FactorySettings s = new FactorySettings(nameServers, new TreeMap<>());
        if (q >= 0 && q < rest.length() - 1) {
            for (String pair : rest.substring(q + 1).split("&")) {
                int eq = pair.indexOf('=');
                if (eq <= 0) {
                    throw invalid("connection URL option '" + pair + "' in " + redact(url) + " is not name=value");
                }
                s = s.with(decode(pair.substring(0, eq)), decode(pair.substring(eq + 1)));
            }
        }
        return s;
    }

    private static List<String> parseHosts(String url, String hosts) throws JMSException {
        List<String> out = Arrays.stream(hosts.split(",")).map(String::trim).filter(h -> !h.isEmpty()).toList();
        if (out.isEmpty()) {
            throw invalid("connection URL " + redact(url) + " names no NameServer: use tern://host:port[,host:port]");
        }
        for (String h : out) {
            int colon = h.lastIndexOf(':');
            if (colon <= 0 || !h.substring(colon + 1).matches("\\d{1,5}") || Integer.parseInt(h.substring(colon + 1)) > 65535) {
                throw invalid("NameServer address '" + h + "' in " + redact(url) + " is not host:port (port 0-65535)");
            }
        }
        return out;
    }

    /** A copy with option {@code name} set to {@code value} (its text form); throws naming an unknown option or a bad value. */
    public FactorySettings with(String name, String value) throws JMSException {
        Option o = Option.named(name);
        if (o == null) {
            throw invalid("unknown connection factory option '" + name + "'; known options: " + Option.names());
        }
        String why = o.check(value);
        if (why != null) {
            throw invalid("connection factory option " + name + "=" + (o.secret() ? "***" : value) + " is invalid: " + why);
        }
        TreeMap<String, String> next = new TreeMap<>(given);
        if (value == null) {
            next.remove(o.optionName());
        } else {
            next.put(o.optionName(), value);
        }
        return new FactorySettings(nameServers, next);
    }

    /** A copy that talks to other NameServers ("host:port[,host:port]"). */
    public FactorySettings withNameServers(String commaSeparated) throws JMSException {
        return new FactorySettings(parseHosts(commaSeparated, commaSeparated), given);
    }

    public List<String> nameServers() {
        return nameServers;
    }

    /** The option's text: as given, else its default (null for options without one). */
    public String text(Option o) {
        return given.getOrDefault(o.optionName(), o.defaultText());
    }

    public String clientID() {
        return text(Option.CLIENT_ID);
    }

    public String user() {
        return text(Option.USER);
    }

    public String password() {
        return text(Option.PASSWORD);
    }

    public int prefetch() {
        return Integer.parseInt(text(Option.PREFETCH));
    }

    public long sendTimeoutMillis() {
        return Long.parseLong(text(Option.SEND_TIMEOUT));
    }

    public long closeTimeoutMillis() {
        return Long.parseLong(text(Option.CLOSE_TIMEOUT));
    }

    public String trustedPackages() {
        return text(Option.TRUSTED_PACKAGES);
    }

    public boolean nonPersistentAsync() {
        return Boolean.parseBoolean(text(Option.NON_PERSISTENT_ASYNC));
    }

    public long leaseRenewalMillis() {
        return Long.parseLong(text(Option.LEASE_RENEWAL));
    }

    /** The options set explicitly, by name (password included: this is not for logs). */
    public Map<String, String> given() {
        return Collections.unmodifiableMap(given);
    }

    /** The URL these settings parse from (round-trips through {@link #parse}). */
    public String toUrl() {
        StringBuilder b = new StringBuilder(SCHEME).append(String.join(",", nameServers));
        char sep = '?';
        for (Map.Entry<String, String> e : given.entrySet()) {
            b.append(sep).append(encode(e.getKey())).append('=').append(encode(e.getValue()));
            sep = '&';
        }
        return b.toString();
    }

    /** The URL with the password hidden: for messages and logs. */
    @Override
    public String toString() {
        return redact(toUrl());
    }

    private static String redact(String url) {
        return url == null ? null : url.replaceAll("(?i)(password=)[^&]*", "$1***");
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static JMSException invalid(String message) {
        return new JMSException(message, "INVALID_SETTING");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FactorySettings f && f.nameServers.equals(nameServers) && f.given.equals(given);
    }

    @Override
    public int hashCode() {
        return nameServers.hashCode() * 31 + given.hashCode();
    }
}
