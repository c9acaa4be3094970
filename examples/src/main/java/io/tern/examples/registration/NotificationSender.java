package io.tern.examples.registration;

import io.tern.examples.support.Counter;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSConsumer;
import jakarta.jms.JMSContext;
import jakarta.jms.MapMessage;

import java.io.PrintStream;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Sends one kind of notification (mail or SMS) for every {@code user-registered} event, through its own <b>shared
 * durable subscription</b> ({@code mail}, {@code sms}): each subscription gets every event; the instances that share
 * one split its events between them (run two mail senders to send twice as fast); and while every instance is down
 * the subscription keeps the events, so no welcome mail is lost to a restart.
 *
 * <p>Thread rules: the listener runs on the JMS session's delivery thread, one message at a time per instance;
 * {@link #sent} may be read from any thread.
 */
public final class NotificationSender implements AutoCloseable {
    /** The slow outside world: a mail server, an SMS gateway. */
    @FunctionalInterface
    public interface Gateway {
        void deliver(String userId, String address) throws Exception;
    }

    private final JMSContext context;
    private final Map<String, AtomicInteger> sent;

    /**
     * {@code field} is the event's address field for this channel ({@code email}, {@code phone}); {@code sent} counts
     * deliveries per user id and may be shared by the instances of one channel.
     */
    public NotificationSender(ConnectionFactory factory, String subscription, String field, Gateway gateway,
                              Map<String, AtomicInteger> sent, Counter total, PrintStream out) {
        this.sent = sent;
        this.context = factory.createContext();
        JMSConsumer consumer = context.createSharedDurableConsumer(context.createTopic(RegistrationService.TOPIC), subscription);
        consumer.setMessageListener(m -> {
            try {
                MapMessage event = (MapMessage) m;
                String user = event.getString("userId");
                gateway.deliver(user, event.getString(field));
                sent.computeIfAbsent(user, u -> new AtomicInteger()).incrementAndGet();
                total.increment();
                out.println(subscription + ": sent to " + event.getString(field) + " (" + user + ")");
            } catch (Exception e) {
                // thrown from onMessage, the message is delivered again: the mail is retried, not lost
                throw new IllegalStateException(subscription + " failed for " + m, e);
            }
        });
    }

    public static Map<String, AtomicInteger> newTally() {
        return new ConcurrentHashMap<>();
    }

    public int sentTo(String userId) {
        AtomicInteger n = sent.get(userId);
        return n == null ? 0 : n.get();
    }

    @Override
    public void close() {
        context.close();
    }
}
