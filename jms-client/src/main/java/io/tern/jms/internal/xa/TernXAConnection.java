package io.tern.jms.internal.xa;

import io.tern.jms.internal.connection.TernConnection;
import io.tern.jms.internal.provider.Provider;
import io.tern.jms.internal.settings.FactorySettings;
import jakarta.jms.JMSException;
import jakarta.jms.XAConnection;
import jakarta.jms.XAQueueConnection;
import jakarta.jms.XAQueueSession;
import jakarta.jms.XASession;
import jakarta.jms.XATopicConnection;
import jakarta.jms.XATopicSession;

/**
 * An XA connection: a {@link TernConnection} that also makes {@link TernXASession}s (its plain sessions stay plain).
 * Thread rules: those of {@link TernConnection}.
 */
public final class TernXAConnection extends TernConnection implements XAConnection, XAQueueConnection, XATopicConnection {
    private TernXAConnection(FactorySettings settings, String user, Provider provider, String connectionId) {
        super(settings, user, provider, connectionId);
    }

    /** Connects and logs in as {@code user}, as {@link TernConnection#open} does. */
    public static TernXAConnection openXa(FactorySettings settings, String user, String password) throws JMSException {
        return open(settings, user, password, TernXAConnection::new);
    }

    @Override
    public XASession createXASession() throws JMSException {
        return register(TernXASession.create(this));
    }

    @Override
    public XAQueueSession createXAQueueSession() throws JMSException {
        return register(TernXASession.create(this));
    }

    @Override
    public XATopicSession createXATopicSession() throws JMSException {
        return register(TernXASession.create(this));
    }
}
