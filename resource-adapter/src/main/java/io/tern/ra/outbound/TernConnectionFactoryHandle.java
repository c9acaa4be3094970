package io.tern.ra.outbound;

import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.XAConnection;
import jakarta.jms.XAJMSContext;
import jakarta.jms.XAQueueConnection;
import jakarta.jms.XAQueueConnectionFactory;
import jakarta.jms.XATopicConnection;
import jakarta.jms.XATopicConnectionFactory;
import io.tern.jms.internal.context.RuntimeErrors;
import jakarta.jms.JMSSecurityException;
import jakarta.jms.QueueConnection;
import jakarta.jms.QueueConnectionFactory;
import jakarta.jms.TopicConnection;
import jakarta.jms.TopicConnectionFactory;
import jakarta.resource.Referenceable;
import jakarta.resource.ResourceException;
import jakarta.resource.spi.ConnectionManager;
import jakarta.resource.spi.SecurityException;

import javax.naming.Reference;
import java.io.Serializable;

/**
 * The connection factory the server binds in JNDI and injects: every connection comes from the server's pool
 * ({@link ConnectionManager#allocateConnection}) as a {@link ConnectionHandle}, and every {@code JMSContext} is a
 * {@link ContextHandle} on one. It is also an {@code XAConnectionFactory} ({@code createXAContext},
 * {@code createXAConnection}) over the same pooled connections, for code written against the XA interfaces; in a
 * server the transaction manager enlists their XAResource, so applications need not.
 *
 * <p>Thread rules: any thread (the factory holds no state of its own beyond its JNDI reference).
 */
public final class TernConnectionFactoryHandle implements ConnectionFactory, QueueConnectionFactory, TopicConnectionFactory,
        XAQueueConnectionFactory, XATopicConnectionFactory, Serializable, Referenceable {
    private static final long serialVersionUID = 1L;

    private final TernManagedConnectionFactory mcf;
    private final ConnectionManager cm;
    private Reference reference;

    TernConnectionFactoryHandle(TernManagedConnectionFactory mcf, ConnectionManager cm) {
        this.mcf = mcf;
        this.cm = cm;
    }

    /** The settings its connections take (for an activation spec's {@code connectionFactoryLookup}). */
    public io.tern.jms.internal.settings.FactorySettings settings() {
        return mcf.settings();
    }

    @Override
    public Connection createConnection() throws JMSException {
        return allocate(null);
    }

    @Override
    public Connection createConnection(String userName, String password) throws JMSException {
        return allocate(new TernConnectionRequestInfo(userName, password));
    }

    private ConnectionHandle allocate(TernConnectionRequestInfo info) throws JMSException {
        try {
            return (ConnectionHandle) cm.allocateConnection(mcf, info);
        } catch (SecurityException e) {
            JMSSecurityException j = new JMSSecurityException(e.getMessage());
            j.initCause(e);
            throw j;
        } catch (ResourceException e) {
            JMSException j = new JMSException("no Tern connection from the pool: " + e.getMessage());
            j.setLinkedException(e);
            j.initCause(e);
            throw j;
        }
    }

    @Override
    public QueueConnection createQueueConnection() throws JMSException {
        return allocate(null);
    }

    @Override
    public QueueConnection createQueueConnection(String userName, String password) throws JMSException {
        return allocate(new TernConnectionRequestInfo(userName, password));
    }

    @Override
    public TopicConnection createTopicConnection() throws JMSException {
        return allocate(null);
    }

    @Override
    public TopicConnection createTopicConnection(String userName, String password) throws JMSException {
        return allocate(new TernConnectionRequestInfo(userName, password));
    }

    // ---- the simplified API: a context is a pooled connection handle and its one session ----

    @Override
    public JMSContext createContext() {
        return context(null, JMSContext.AUTO_ACKNOWLEDGE, false);
    }

    @Override
    public JMSContext createContext(String userName, String password) {
        return context(new TernConnectionRequestInfo(userName, password), JMSContext.AUTO_ACKNOWLEDGE, false);
    }

    @Override
    public JMSContext createContext(String userName, String password, int sessionMode) {
        return context(new TernConnectionRequestInfo(userName, password), sessionMode, false);
    }

    /** In a JTA transaction {@code sessionMode} is ignored (the session is enlisted); outside one it is the context's mode. */
    @Override
    public JMSContext createContext(int sessionMode) {
        return context(null, sessionMode, false);
    }

    @Override
    public XAJMSContext createXAContext() {
        return (XAJMSContext) context(null, JMSContext.SESSION_TRANSACTED, true);
    }

    @Override
    public XAJMSContext createXAContext(String userName, String password) {
        return (XAJMSContext) context(new TernConnectionRequestInfo(userName, password), JMSContext.SESSION_TRANSACTED, true);
    }

    private ContextHandle context(TernConnectionRequestInfo info, int sessionMode, boolean xa) {
        ContextHandle.checkMode(sessionMode);
        try {
            return new ContextHandle(allocate(info), sessionMode, xa);
        } catch (JMSException e) {
            throw RuntimeErrors.wrap(e);
        }
    }

    // ---- XA: the same pooled connections; the server enlists their XAResource itself ----

    @Override
    public XAConnection createXAConnection() throws JMSException {
        return allocate(null);
    }

    @Override
    public XAConnection createXAConnection(String userName, String password) throws JMSException {
        return allocate(new TernConnectionRequestInfo(userName, password));
    }

    @Override
    public XAQueueConnection createXAQueueConnection() throws JMSException {
        return allocate(null);
    }

    @Override
    public XAQueueConnection createXAQueueConnection(String userName, String password) throws JMSException {
        return allocate(new TernConnectionRequestInfo(userName, password));
    }

    @Override
    public XATopicConnection createXATopicConnection() throws JMSException {
        return allocate(null);
    }

    @Override
    public XATopicConnection createXATopicConnection(String userName, String password) throws JMSException {
        return allocate(new TernConnectionRequestInfo(userName, password));
    }

    @Override
    public void setReference(Reference reference) {
        this.reference = reference;
    }

    @Override
    public Reference getReference() {
        return reference;
    }

    @Override
    public String toString() {
        return "Tern pooled connection factory [" + mcf.settings() + "]";
    }
}
