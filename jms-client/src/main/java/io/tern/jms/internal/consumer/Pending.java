package io.tern.jms.internal.consumer;

import io.tern.client.LeasedMessage;

/**
 * A leased message waiting in a consumer's prefetch buffer, or handed to the application.
 *
 * @param leased            the lease (its receipt handle acks it)
 * @param localRedeliveries times {@code Session.recover()} gave it back to the buffer since the broker leased it;
 *                          added to the lease's delivery count for JMSXDeliveryCount
 */
public record Pending(LeasedMessage leased, int localRedeliveries) {
    public int deliveryCount() {
        return leased.deliveryCount() + localRedeliveries;
    }

    public Pending redelivered() {
        return new Pending(leased, localRedeliveries + 1);
    }
}
