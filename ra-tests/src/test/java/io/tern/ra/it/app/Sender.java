package io.tern.ra.it.app;

import jakarta.annotation.Resource;
import jakarta.ejb.SessionContext;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import jakarta.jms.Session;

/** Sends in a container-managed JTA transaction through the injected Tern connection factory. */
@Stateless
public class Sender {
    @Resource(lookup = JmsResources.CF)
    private ConnectionFactory cf;

    @Resource
    private SessionContext ctx;

    @TransactionAttribute(TransactionAttributeType.REQUIRED)
    public void sendAndCommit(String queue, String text) {
        send(queue, text);
    }

    @TransactionAttribute(TransactionAttributeType.REQUIRED)
    public void sendAndRollBack(String queue, String text) {
        send(queue, text);
        ctx.setRollbackOnly();
    }

    private void send(String queue, String text) {
        try (Connection c = cf.createConnection()) {
            // in a JTA transaction the arguments are ignored: the send commits or rolls back with it
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            s.createProducer(s.createQueue(queue)).send(s.createTextMessage(text));
        } catch (JMSException e) {
            throw new IllegalStateException("send to " + queue + " failed: " + e, e);
        }
    }
}
