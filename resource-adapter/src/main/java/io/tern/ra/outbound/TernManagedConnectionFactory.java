package io.tern.ra.outbound;

import io.tern.jms.internal.settings.FactorySettings;
import io.tern.ra.ConnectionSettings;
import io.tern.ra.TernResourceAdapter;
import jakarta.resource.ResourceException;
import jakarta.resource.spi.ConnectionManager;
import jakarta.resource.spi.ConnectionRequestInfo;
import jakarta.resource.spi.ManagedConnection;
import jakarta.resource.spi.ManagedConnectionFactory;
import jakarta.resource.spi.ResourceAdapter;
import jakarta.resource.spi.ResourceAdapterAssociation;
import jakarta.resource.spi.ValidatingManagedConnectionFactory;
import jakarta.resource.spi.security.PasswordCredential;

import javax.security.auth.Subject;
import java.io.PrintWriter;
import java.util.HashSet;
import java.util.Set;

/**
 * The outbound connection definition ({@code jakarta.jms.ConnectionFactory}, also Queue- and TopicConnectionFactory).
 * Its properties are the connection factory's settings ({@link ConnectionSettings}: {@code NameServers}, {@code User},
 * {@code Password}, {@code ClientID}...); what it is not given comes from the resource adapter's properties.
 *
 * <p>A managed connection is one physical Tern connection logged in as the subject's {@link PasswordCredential},
 * else the request info's user, else the factory's. The pool matches on that login and drops connections whose
 * broker connection was lost ({@link #getInvalidConnections}).
 *
 * <p>Thread rules: properties are set before use; the rest from any thread.
 */
public class TernManagedConnectionFactory extends ConnectionSettings
        implements ManagedConnectionFactory, ResourceAdapterAssociation, ValidatingManagedConnectionFactory {
    private static final long serialVersionUID = 1L;

    private transient volatile TernResourceAdapter adapter;
    private transient PrintWriter logWriter;

    /** The settings a new connection takes (this factory's over the adapter's). */
    public FactorySettings settings() {
        return settings(adapter);
    }

    @Override
    public Object createConnectionFactory(ConnectionManager cm) throws ResourceException {
        checkSettings();
        return new TernConnectionFactoryHandle(this, cm);
    }

    @Override
    public Object createConnectionFactory() throws ResourceException {
        checkSettings();
        return new TernConnectionFactoryHandle(this, new UnpooledConnectionManager());
    }

    private void checkSettings() throws ResourceException {
        try {
            settings();
        } catch (IllegalArgumentException e) {
            throw new ResourceException("the Tern connection factory's settings are invalid: " + e.getMessage(), e);
        }
    }

    @Override
    public ManagedConnection createManagedConnection(Subject subject, ConnectionRequestInfo info) throws ResourceException {
        Login login = Login.of(this, subject, info);
        return new TernManagedConnection(this, login);
    }

    @Override
    @SuppressWarnings({"rawtypes", "unchecked"})
    public ManagedConnection matchManagedConnections(Set candidates, Subject subject, ConnectionRequestInfo info) throws ResourceException {
        Login wanted = Login.of(this, subject, info);
        for (Object o : candidates) {
            if (o instanceof TernManagedConnection mc && mc.factory() == this && mc.login().equals(wanted) && mc.isUsable()) {
                return mc;
            }
        }
        return null;
    }

    @Override
    @SuppressWarnings({"rawtypes", "unchecked"})
    public Set getInvalidConnections(Set connections) {
        Set invalid = new HashSet<>();
        for (Object o : connections) {
            if (o instanceof TernManagedConnection mc && !mc.isUsable()) {
                invalid.add(mc);
            }
        }
        return invalid;
    }

    @Override
    public void setLogWriter(PrintWriter out) {
        this.logWriter = out;
    }

    @Override
    public PrintWriter getLogWriter() {
        return logWriter;
    }

    @Override
    public ResourceAdapter getResourceAdapter() {
        return adapter;
    }

    @Override
    public void setResourceAdapter(ResourceAdapter ra) throws ResourceException {
        if (ra != null && !(ra instanceof TernResourceAdapter)) {
            throw new ResourceException("a Tern connection factory belongs to a Tern resource adapter, not " + ra.getClass().getName());
        }
        this.adapter = (TernResourceAdapter) ra;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TernManagedConnectionFactory f && sameSettings(f);
    }

    @Override
    public int hashCode() {
        return settingsHash();
    }
}
