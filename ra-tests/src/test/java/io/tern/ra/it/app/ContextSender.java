package io.tern.ra.it.app;

import jakarta.annotation.Resource;
import jakarta.ejb.SessionContext;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.jms.JMSConnectionFactory;
import jakarta.jms.JMSContext;

/**
 * Sends in a container-managed JTA transaction through an injected {@code JMSContext} on the Tern factory: the
 * container asks the adapter's factory for {@code createContext()} and enlists it, so the send commits or rolls back
 * with the transaction.
 */
@Stateless
public class ContextSender {
    @Inject
    @JMSConnectionFactory(JmsResources.CF)
    private JMSContext context;

    @Resource
    private SessionContext ctx;

    @TransactionAttribute(TransactionAttributeType.REQUIRED)
    public void send(String queue, String text, boolean commit) {
        context.createProducer().send(context.createQueue(queue), text);
        if (!commit) {
            ctx.setRollbackOnly();
        }
    }
}
