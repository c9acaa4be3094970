package io.tern.examples.distribution;

import io.tern.examples.support.Counter;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;

import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * One downstream system (analytics, search index, cache) with its own <b>durable subscription</b> to
 * {@code product-updates}: its own copy of every update, its own position, its own pace. A slow or stopped one holds
 * nobody else back, and the topic keeps its updates until it reads them. Thread rules: the listener runs on the
 * session's delivery thread; {@link #received} from any thread.
 */
public final class Subscriber implements AutoCloseable {
    static final String SUBSCRIPTION = "updates";

    /** How long this system takes per update (the demo sleeps; a test may block). */
    @FunctionalInterface
    public interface Pace {
        void handle(String update) throws Exception;
    }

    private final Connection connection;
    private final List<String> received;
    private final Counter count;

    /** {@code received} and {@code count} outlive a restart of the subscriber, as the system's own state would. */
    public Subscriber(ConnectionFactory factory, String system, Pace pace, List<String> received, Counter count, PrintStream out)
            throws JMSException {
        this.received = received;
        this.count = count;
        this.connection = factory.createConnection();
        connection.setClientID(system); // a durable subscription is (client id, name): group D.<system>.updates
        Session session = connection.createSession();
        session.createDurableConsumer(session.createTopic(DistributionExample.TOPIC), SUBSCRIPTION).setMessageListener(m -> {
            try {
                String update = ((TextMessage) m).getText();
                pace.handle(update);
                received.add(update);
                long n = count.increment();
                if (n % 10 == 0) {
                    out.println(system + ": " + n + " updates handled (last: " + update + ")");
                }
            } catch (Exception e) {
                throw new IllegalStateException(system + " failed on " + m, e); // delivered again
            }
        });
        connection.start();
    }

    public static List<String> newLog() {
        return new CopyOnWriteArrayList<>();
    }

    public List<String> received() {
        return List.copyOf(received);
    }

    public Counter count() {
        return count;
    }

    @Override
    public void close() throws JMSException {
        connection.close();
    }
}
