package io.tern.ra.it.app;

import jakarta.ejb.ActivationConfigProperty;
import jakarta.ejb.MessageDriven;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageListener;
import jakarta.jms.TextMessage;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Throws on every message of {@code ra-poison}, counting the attempts per text ({@link Attempts} shows them): the
 * container rolls its transaction back, the engine redelivers the message, then moves it to {@code %DLQ%ra-poison}.
 * Static, because the container may use a new instance for every delivery.
 */
@MessageDriven(name = "PoisonMdb", activationConfig = {
        @ActivationConfigProperty(propertyName = "destinationType", propertyValue = "jakarta.jms.Queue"),
        @ActivationConfigProperty(propertyName = "destination", propertyValue = JmsResources.POISON_NAME),
        @ActivationConfigProperty(propertyName = "maxSession", propertyValue = "1")})
public class PoisonMdb implements MessageListener {
    private static final Map<String, AtomicInteger> ATTEMPTS = new ConcurrentHashMap<>();

    static int attempts(String text) {
        AtomicInteger n = ATTEMPTS.get(text);
        return n == null ? 0 : n.get();
    }

    @Override
    public void onMessage(Message m) {
        try {
            ATTEMPTS.computeIfAbsent(((TextMessage) m).getText(), t -> new AtomicInteger()).incrementAndGet();
        } catch (JMSException e) {
            throw new IllegalStateException(e);
        }
        throw new IllegalStateException("poison message: this MDB always fails");
    }
}
