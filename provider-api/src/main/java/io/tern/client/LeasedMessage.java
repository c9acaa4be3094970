package io.tern.client;

import io.tern.message.Message;
import io.tern.message.ReceivedMessage;

/**
 * A message received in lease mode ({@link LeaseConsumer}): invisible to the group's other consumers until its
 * lease ends; {@link LeaseConsumer#ack} it before then, or it is delivered again.
 *
 * @param received      the message and where the broker stored it
 * @param receiptHandle what acks, nacks or extends this lease (opaque; valid only while the lease lasts)
 * @param deliveryCount how many times the message was delivered, this time included (JMSXDeliveryCount)
 */
public record LeasedMessage(ReceivedMessage received, String receiptHandle, int deliveryCount) {
    public Message message() {
        return received.message();
    }

    /** True if the message may have been delivered before (delivery count 2 or more): JMSRedelivered. */
    public boolean redelivered() {
        return deliveryCount > 1;
    }
}
