package io.tern.jms.internal.xa;

import io.tern.jms.internal.connection.TernConnection;
import io.tern.jms.internal.session.TernSession;
import jakarta.jms.JMSException;
import jakarta.jms.QueueSession;
import jakarta.jms.Session;
import jakarta.jms.TopicSession;
import jakarta.jms.TransactionInProgressException;
import jakarta.jms.XAQueueSession;
import jakarta.jms.XASession;
import jakarta.jms.XATopicSession;

import javax.transaction.xa.XAResource;

/**
 * An XA session: a {@link TernSession} whose work goes into the XA branch its {@link TernXAResource} is associated
 * with. Inside a branch, sends are half messages of the branch and received messages are acknowledged in it (TX_ACK);
 * outside one (no {@code start} yet, or after {@code end}) the session sends at once and acknowledges as
 * AUTO_ACKNOWLEDGE, as a Jakarta EE server's sessions do outside a transaction. {@code getTransacted()} is true;
 * {@code commit()} and {@code rollback()} are the transaction manager's ({@link TransactionInProgressException}).
 *
 * <p>Thread rules: those of {@link TernSession}; the XAResource may be driven from the transaction manager's threads.
 */
public final class TernXASession extends TernSession implements XASession, XAQueueSession, XATopicSession {
    private final TernXAResource resource;

    private TernXASession(TernConnection connection, TernXAResource resource) throws JMSException {
        super(connection, Session.AUTO_ACKNOWLEDGE, resource);
        this.resource = resource;
    }

    public static TernXASession create(TernConnection connection) throws JMSException {
        TernXAResource r = new TernXAResource(connection.provider(), connection.settings().sendTimeoutMillis());
        TernXASession s = new TernXASession(connection, r);
        r.attach(s);
        return s;
    }

    @Override
    public Session getSession() throws JMSException {
        checkOpen();
        return this;
    }

    @Override
    public QueueSession getQueueSession() throws JMSException {
        checkOpen();
        return this;
    }

    @Override
    public TopicSession getTopicSession() throws JMSException {
        checkOpen();
        return this;
    }

    @Override
    public XAResource getXAResource() {
        return resource;
    }

    @Override
    public boolean getTransacted() throws JMSException {
        checkOpen();
        return true;
    }

    @Override
    public int getAcknowledgeMode() throws JMSException {
        checkOpen();
        return Session.SESSION_TRANSACTED;
    }

    @Override
    public void commit() throws JMSException {
        checkOpen();
        throw new TransactionInProgressException("commit() of an XA session: its work is committed by the transaction manager through "
                + "its XAResource (XAResource.commit)");
    }

    @Override
    public void rollback() throws JMSException {
        checkOpen();
        throw new TransactionInProgressException("rollback() of an XA session: its work is rolled back by the transaction manager through "
                + "its XAResource (XAResource.rollback)");
    }

    @Override
    public String toString() {
        return "TernXASession[" + id() + ", " + resource + "]";
    }
}
