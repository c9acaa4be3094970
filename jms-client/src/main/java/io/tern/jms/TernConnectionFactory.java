package io.tern.jms;

import io.tern.jms.internal.connection.TernConnection;
import io.tern.jms.internal.context.TernJMSContext;
import io.tern.jms.internal.settings.FactorySettings;
import io.tern.jms.internal.settings.Option;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.QueueConnection;
import jakarta.jms.QueueConnectionFactory;
import jakarta.jms.TopicConnection;
import jakarta.jms.TopicConnectionFactory;

import javax.naming.NamingException;
import javax.naming.Reference;
import javax.naming.Referenceable;
import javax.naming.StringRefAddr;
import java.io.Serializable;

/**
 * Tern's Jakarta Messaging connection factory.
 * <pre>
 *   ConnectionFactory cf = new TernConnectionFactory("tern://127.0.0.1:9876?clientID=app&amp;prefetch=100");
 *   try (Connection c = cf.createConnection()) { ... }
 * </pre>
 * Every URL option is also a bean property of the same name ({@code setPrefetch(100)}, {@code setClientID("app")});
 * an unknown option or a bad value is refused naming it (an {@link IllegalArgumentException} from the constructor and
 * the setters). Options: {@code clientID}, {@code user}, {@code password}, {@code prefetch} (messages a consumer
 * leases ahead, 0 = one at a time), {@code sendTimeout}, {@code closeTimeout}, {@code leaseRenewal} (milliseconds),
 * {@code trustedPackages} (ObjectMessage allow-list, comma-separated), {@code nonPersistentAsync}.
 *
 * <p>Serializable and {@link Referenceable} (its reference holds the URL), so a server or a JNDI tree can bind it.
 * Thread rules: the setters are for configuration before use; connections take a snapshot of the settings.
 */
public class TernConnectionFactory implements ConnectionFactory, QueueConnectionFactory, TopicConnectionFactory, Serializable, Referenceable {
    private static final long serialVersionUID = 1L;
    /** The JNDI object factory that rebuilds a factory from its {@link #getReference() reference}. */
    public static final String OBJECT_FACTORY = "io.tern.jms.jndi.TernObjectFactory";

    private volatile FactorySettings settings;

    /** A factory for the standalone default, {@code tern://127.0.0.1:9876}. */
    public TernConnectionFactory() {
        this("tern://127.0.0.1:9876");
    }

    /** @param url {@code tern://host:port[,host:port]?option=value&option=value} */
    public TernConnectionFactory(String url) {
        try {
            this.settings = FactorySettings.parse(url);
        } catch (JMSException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /** The settings connections made now take (for the JNDI and resource-adapter layers). */
    public FactorySettings settings() {
        return settings;
    }

    @Override
    public Connection createConnection() throws JMSException {
        return TernConnection.open(settings, settings.user(), settings.password());
    }

    @Override
    public Connection createConnection(String userName, String password) throws JMSException {
        return TernConnection.open(settings, userName, password);
    }

    @Override
    public QueueConnection createQueueConnection() throws JMSException {
        return (QueueConnection) createConnection();
    }

    @Override
    public QueueConnection createQueueConnection(String userName, String password) throws JMSException {
        return (QueueConnection) createConnection(userName, password);
    }

    @Override
    public TopicConnection createTopicConnection() throws JMSException {
        return (TopicConnection) createConnection();
    }

    @Override
    public TopicConnection createTopicConnection(String userName, String password) throws JMSException {
        return (TopicConnection) createConnection(userName, password);
    }

    /** A JMSContext (AUTO_ACKNOWLEDGE) on a new connection; a refused login is a JMSSecurityRuntimeException naming the user. */
    @Override
    public JMSContext createContext() {
        return createContext(settings.user(), settings.password(), JMSContext.AUTO_ACKNOWLEDGE);
    }

    @Override
    public JMSContext createContext(String userName, String password) {
        return createContext(userName, password, JMSContext.AUTO_ACKNOWLEDGE);
    }

    @Override
    public JMSContext createContext(String userName, String password, int sessionMode) {
        return TernJMSContext.open(settings, userName, password, sessionMode);
    }

    @Override
    public JMSContext createContext(int sessionMode) {
        return createContext(settings.user(), settings.password(), sessionMode);
    }

    // ---- bean properties, one per URL option ----

    /** The whole URL: NameServers and options. */
    public String getUrl() {
        return settings.toUrl();
    }

    public void setUrl(String url) {
        try {
            settings = FactorySettings.parse(url);
        } catch (JMSException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /** The NameServers, "host:port[,host:port]". */
    public String getNameServers() {
        return String.join(",", settings.nameServers());
    }

    public void setNameServers(String commaSeparated) {
        try {
            settings = settings.withNameServers(commaSeparated);
        } catch (JMSException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    public String getClientID() { return settings.clientID(); }
    public void setClientID(String v) { set(Option.CLIENT_ID, v); }
    public String getUser() { return settings.user(); }
    public void setUser(String v) { set(Option.USER, v); }
    public String getPassword() { return settings.password(); }
    public void setPassword(String v) { set(Option.PASSWORD, v); }
    public int getPrefetch() { return settings.prefetch(); }
    public void setPrefetch(int v) { set(Option.PREFETCH, Integer.toString(v)); }
    public long getSendTimeout() { return settings.sendTimeoutMillis(); }
    public void setSendTimeout(long v) { set(Option.SEND_TIMEOUT, Long.toString(v)); }
    public long getCloseTimeout() { return settings.closeTimeoutMillis(); }
    public void setCloseTimeout(long v) { set(Option.CLOSE_TIMEOUT, Long.toString(v)); }
    public String getTrustedPackages() { return settings.trustedPackages(); }
    public void setTrustedPackages(String v) { set(Option.TRUSTED_PACKAGES, v); }
    public boolean isNonPersistentAsync() { return settings.nonPersistentAsync(); }
    public void setNonPersistentAsync(boolean v) { set(Option.NON_PERSISTENT_ASYNC, Boolean.toString(v)); }
    public long getLeaseRenewal() { return settings.leaseRenewalMillis(); }
    public void setLeaseRenewal(long v) { set(Option.LEASE_RENEWAL, Long.toString(v)); }

    private void set(Option o, String value) {
        try {
            settings = settings.with(o.optionName(), value);
        } catch (JMSException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    @Override
    public Reference getReference() throws NamingException {
        Reference r = new Reference(getClass().getName(), OBJECT_FACTORY, null);
        r.add(new StringRefAddr("url", settings.toUrl()));
        return r;
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + settings + "]";
    }
}
