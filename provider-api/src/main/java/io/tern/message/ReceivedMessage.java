package io.tern.message;

/**
 * A message as a consumer receives it: the message, and where the broker stored it.
 *
 * @param message         what the producer sent
 * @param brokerName      the broker group that stored it
 * @param queueOffset     its position in its queue
 * @param storeTimestamp  the broker's clock when it was stored
 * @param bornHost        the producer's address as the broker saw it, "ip:port"
 */
public record ReceivedMessage(Message message, String brokerName, long queueOffset, long storeTimestamp, String bornHost) {
    /** Set by the broker when it moves a failed message to a retry or dead-letter topic: deliveries until then (int). */
    public static final String DELIVERY_COUNT_PROPERTY = "TERN_DELIVERY_COUNT";

    /** How many times the message was delivered to its group, this time included: 1 unless it failed before. */
    public int deliveryCount() {
        return message.properties().get(DELIVERY_COUNT_PROPERTY) instanceof Integer n ? n + 1 : 1;
    }

    /** True if the group was given this message before and failed it. */
    public boolean redelivered() {
        return deliveryCount() > 1;
    }
}
