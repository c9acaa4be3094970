package io.tern.ra.outbound;

import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.JMSRuntimeException;
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
 * ({@link ConnectionManager#allocateConnection}) as a {@link ConnectionHandle}.
 *
 * <p>Thread rules: any thread (the factory holds no state of its own beyond its JNDI reference).
 */
public final class TernConnectionFactoryHandle implements ConnectionFactory, QueueConnectionFactory, TopicConnectionFactory,
        Serializable, Referenceable {
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

    // TODO(issue 8): JMSContext over the pooled connection once jms-simple has landed its JMSContext
    @Override
    public JMSContext createContext() {
        throw noContext();
    }

    @Override
    public JMSContext createContext(String userName, String password) {
        throw noContext();
    }

    @Override
    public JMSContext createContext(String userName, String password, int sessionMode) {
        throw noContext();
    }

    @Override
    public JMSContext createContext(int sessionMode) {
        throw noContext();
    }

    private static JMSRuntimeException noContext() {
        return new JMSRuntimeException("JMSContext is not built yet in this Tern version (simplified API slice, issue 13); "
                + "use createConnection() and Session with this connection factory");
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
