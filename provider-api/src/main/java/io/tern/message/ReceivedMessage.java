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
}
