package io.tern.ra;

import io.tern.jms.internal.settings.FactorySettings;
import io.tern.jms.internal.settings.Option;
import jakarta.jms.JMSException;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The connection settings of the resource adapter, of each managed connection factory and of each activation spec:
 * the bean properties are the connection factory's URL options ({@code tern://host:port?option=value}, see
 * {@code io.tern.jms.TernConnectionFactory}), capitalized the Connectors way ({@code NameServers}, {@code User},
 * {@code Password}, {@code ClientID}, {@code Prefetch}, {@code SendTimeout}, {@code CloseTimeout}, {@code LeaseRenewal},
 * {@code TrustedPackages}, {@code NonPersistentAsync}) plus {@code Url}, the whole URL at once.
 *
 * <p>Layers: what a bean was given overrides its parent's (the resource adapter's) settings, which override the
 * defaults. A bad value is refused by its setter with an {@link IllegalArgumentException} naming the property, the
 * value and the rule, so the server fails the deployment with that message.
 *
 * <p>Thread rules: the server sets properties before use; {@link #settings(ConnectionSettings)} may run on any thread.
 */
public abstract class ConnectionSettings implements Serializable {
    private static final long serialVersionUID = 1L;
    /** Where a standalone broker's NameServer listens by default ({@code tern standalone}). */
    public static final String DEFAULT_URL = "tern://127.0.0.1:9876";

    private String url;
    private String nameServers;
    /** option name to its text, only those this bean was given */
    private final Map<String, String> given = new LinkedHashMap<>();

    /** The settings a connection made from this bean takes: defaults, then {@code parent}'s, then this bean's. */
    public FactorySettings settings(ConnectionSettings parent) {
        try {
            FactorySettings s = parent == null ? FactorySettings.parse(url == null ? DEFAULT_URL : url) : parent.settings(null);
            if (parent != null && url != null) {
                s = FactorySettings.parse(url);
            }
            if (nameServers != null) {
                s = s.withNameServers(nameServers);
            }
            for (Map.Entry<String, String> e : given.entrySet()) {
                s = s.with(e.getKey(), e.getValue());
            }
            return s;
        } catch (JMSException e) {
            throw new IllegalArgumentException(e.getMessage(), e); // setters checked every value: only a bad parent gets here
        }
    }

    public String getUrl() { return url; }

    public void setUrl(String v) {
        if (blank(v)) {
            url = null;
            return;
        }
        check(() -> FactorySettings.parse(v), "Url", v);
        url = v.trim();
    }

    /** "host:port[,host:port]" of the NameServers. */
    public String getNameServers() { return nameServers; }

    public void setNameServers(String v) {
        if (blank(v)) {
            nameServers = null;
            return;
        }
        check(() -> FactorySettings.parse(DEFAULT_URL).withNameServers(v.trim()), "NameServers", v);
        nameServers = v.trim();
    }

    public String getClientID() { return given.get(Option.CLIENT_ID.optionName()); }
    public void setClientID(String v) { put(Option.CLIENT_ID, "ClientID", v); }
    public String getUser() { return given.get(Option.USER.optionName()); }
    public void setUser(String v) { put(Option.USER, "User", v); }
    public String getPassword() { return given.get(Option.PASSWORD.optionName()); }
    public void setPassword(String v) { put(Option.PASSWORD, "Password", v); }
    public Integer getPrefetch() { return integer(Option.PREFETCH); }
    public void setPrefetch(Integer v) { put(Option.PREFETCH, "Prefetch", v == null ? null : v.toString()); }
    public Long getSendTimeout() { return number(Option.SEND_TIMEOUT); }
    public void setSendTimeout(Long v) { put(Option.SEND_TIMEOUT, "SendTimeout", v == null ? null : v.toString()); }
    public Long getCloseTimeout() { return number(Option.CLOSE_TIMEOUT); }
    public void setCloseTimeout(Long v) { put(Option.CLOSE_TIMEOUT, "CloseTimeout", v == null ? null : v.toString()); }
    public Long getLeaseRenewal() { return number(Option.LEASE_RENEWAL); }
    public void setLeaseRenewal(Long v) { put(Option.LEASE_RENEWAL, "LeaseRenewal", v == null ? null : v.toString()); }
    public String getTrustedPackages() { return given.get(Option.TRUSTED_PACKAGES.optionName()); }
    public void setTrustedPackages(String v) { put(Option.TRUSTED_PACKAGES, "TrustedPackages", v); }
    public Boolean getNonPersistentAsync() {
        String t = given.get(Option.NON_PERSISTENT_ASYNC.optionName());
        return t == null ? null : Boolean.valueOf(t);
    }
    public void setNonPersistentAsync(Boolean v) { put(Option.NON_PERSISTENT_ASYNC, "NonPersistentAsync", v == null ? null : v.toString()); }

    private Integer integer(Option o) {
        String t = given.get(o.optionName());
        return t == null ? null : Integer.valueOf(t);
    }

    private Long number(Option o) {
        String t = given.get(o.optionName());
        return t == null ? null : Long.valueOf(t);
    }

    private void put(Option o, String property, String v) {
        if (v == null || (v.isEmpty() && o != Option.PASSWORD)) {
            given.remove(o.optionName());
            return;
        }
        check(() -> FactorySettings.parse(DEFAULT_URL).with(o.optionName(), v), property, o == Option.PASSWORD ? "***" : v);
        given.put(o.optionName(), v);
    }

    private interface Check {
        void run() throws JMSException;
    }

    private void check(Check c, String property, String shown) {
        try {
            c.run();
        } catch (JMSException e) {
            throw new IllegalArgumentException(getClass().getSimpleName() + " property " + property + "=" + shown
                    + " is refused: " + e.getMessage(), e);
        }
    }

    private static boolean blank(String v) {
        return v == null || v.isBlank();
    }

    /** Equal settings: what the Connectors spec asks of a managed connection factory's equals. */
    protected boolean sameSettings(ConnectionSettings o) {
        return Objects.equals(url, o.url) && Objects.equals(nameServers, o.nameServers) && given.equals(o.given);
    }

    protected int settingsHash() {
        return Objects.hash(url, nameServers, given);
    }
}
