package io.tern.examples.transactions;

import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSConsumer;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSProducer;
import jakarta.jms.Queue;
import jakarta.jms.TextMessage;

import java.io.PrintStream;
import java.util.function.Predicate;

/**
 * Consume, transform, produce in one <b>JMS local transaction</b> ({@code SESSION_TRANSACTED}): take an order from
 * {@code raw-orders}, price it, send the priced order to {@code priced-orders}, commit. The receive and the send
 * commit together or not at all: a failure between them rolls both back, so the order comes again (JMSRedelivered)
 * and no half-done priced order is ever seen. Thread rule: one thread (a JMSContext is single-threaded).
 */
public final class PricingStep implements AutoCloseable {
    static final String IN = "raw-orders";
    static final String OUT = "priced-orders";

    private final JMSContext context;
    private final JMSConsumer consumer;
    private final JMSProducer producer;
    private final Queue out;

    public PricingStep(ConnectionFactory factory) {
        this.context = factory.createContext(JMSContext.SESSION_TRANSACTED);
        this.consumer = context.createConsumer(context.createQueue(IN));
        this.producer = context.createProducer();
        this.out = context.createQueue(OUT);
    }

    /**
     * Handles one order within {@code waitMillis}; {@code failsAfterSend} says whether this attempt breaks down after
     * sending and before committing (a crash, a bug). False if no order came.
     */
    public boolean processOne(long waitMillis, Predicate<String> failsAfterSend, PrintStream log) throws Exception {
        TextMessage order = (TextMessage) consumer.receive(waitMillis);
        if (order == null) {
            return false;
        }
        String[] parts = order.getText().split(" x ");
        int quantity = Integer.parseInt(parts[1]);
        producer.send(out, parts[0] + " x " + quantity + " = " + (quantity * 250) + " cents");
        if (failsAfterSend.test(order.getText())) {
            context.rollback();
            log.println("pricing: " + order.getText() + " FAILED after sending: rolled back (the send is discarded, the order comes again)");
            return true;
        }
        context.commit();
        log.println("pricing: " + order.getText() + (order.getJMSRedelivered() ? " (redelivered)" : "") + " priced and committed");
        return true;
    }

    @Override
    public void close() {
        context.close();
    }
}
