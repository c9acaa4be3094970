package io.tern.ra.it.app;

import jakarta.ejb.ActivationConfigProperty;
import jakarta.ejb.MessageDriven;
import jakarta.jms.Message;
import jakarta.jms.MessageListener;

/** Throws on every message of {@code ra-poison}: the engine redelivers it, then moves it to {@code %DLQ%ra-poison}. */
@MessageDriven(name = "PoisonMdb", activationConfig = {
        @ActivationConfigProperty(propertyName = "destinationType", propertyValue = "jakarta.jms.Queue"),
        @ActivationConfigProperty(propertyName = "destination", propertyValue = JmsResources.POISON_NAME),
        @ActivationConfigProperty(propertyName = "maxSession", propertyValue = "1")})
public class PoisonMdb implements MessageListener {
    @Override
    public void onMessage(Message m) {
        throw new IllegalStateException("poison message: this MDB always fails");
    }
}
