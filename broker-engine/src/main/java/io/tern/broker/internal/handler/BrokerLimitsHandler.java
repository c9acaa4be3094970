package io.tern.broker.internal.handler;

import io.tern.protocol.BrokerStats;
import io.tern.protocol.FrameCodecException;
import io.tern.remoting.Request;
import io.tern.remoting.RequestHandler;

import java.util.Map;

/**
 * BROKER_LIMITS: the limits a client checks before it sends, so that a message the broker would refuse is refused on
 * the client, naming the limit, even where no answer comes back (a oneway send) or the frame could not be written.
 * Immutable: the values are the broker's configuration, fixed at start.
 */
public final class BrokerLimitsHandler implements RequestHandler {
    /** The largest message the broker stores: {@code MessageStore.recordSize} of it at most this (setting maxMessageSize). */
    public static final String MAX_MESSAGE_SIZE = "maxMessageSize";
    /** The largest frame the broker reads (setting maxFrameSize). */
    public static final String MAX_FRAME_SIZE = "maxFrameSize";
    /** The longest delay a delayed message may have (setting maxDelay), in milliseconds. */
    public static final String MAX_DELAY_MILLIS = "maxDelayMillis";
    /** Deliveries before a message goes to the dead-letter queue, unless its group sets its own (retry settings). */
    public static final String MAX_DELIVERIES = "maxDeliveries";

    private final byte[] body;

    public BrokerLimitsHandler(Map<String, Long> limits) {
        this.body = new BrokerStats(limits).encode();
    }

    @Override
    public void handle(Request request) {
        if (request.frame().header().length != 0) {
            throw new FrameCodecException("BROKER_LIMITS takes no header, got " + request.frame().header().length + " bytes");
        }
        request.ok(null, body);
    }
}
