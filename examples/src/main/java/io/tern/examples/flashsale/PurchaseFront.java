package io.tern.examples.flashsale;

import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSProducer;
import jakarta.jms.Queue;
import jakarta.jms.ResourceAllocationRuntimeException;

/**
 * The web front of the sale: each purchase request becomes a message on the {@code flash-sale} queue and the buyer
 * hears "queued" at once. When the queue already holds its limit of unprocessed requests, the broker refuses the send
 * ({@link ResourceAllocationRuntimeException}, from the topic's maxBacklogMessages) and the buyer hears "sold out /
 * try later" at once, instead of waiting in a queue that would take minutes to reach them.
 * Thread rule: one thread at a time per instance (a JMSContext is single-threaded); use one per request thread.
 */
public final class PurchaseFront implements AutoCloseable {
    static final String QUEUE = "flash-sale";

    /** What the page shows the buyer. */
    public record Answer(boolean queued, String page, String reason) {
    }

    private final JMSContext context;
    private final JMSProducer producer;
    private final Queue queue;

    public PurchaseFront(ConnectionFactory factory) {
        this.context = factory.createContext();
        this.producer = context.createProducer();
        this.queue = context.createQueue(QUEUE);
    }

    public Answer request(String buyer, String item) {
        try {
            producer.send(queue, context.createTextMessage(buyer + " buys " + item));
            return new Answer(true, "queued: you will hear from us", null);
        } catch (ResourceAllocationRuntimeException full) {
            return new Answer(false, "sold out / try later", full.getMessage());
        }
    }

    @Override
    public void close() {
        context.close();
    }
}
