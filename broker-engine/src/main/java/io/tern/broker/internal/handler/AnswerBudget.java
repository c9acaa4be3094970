package io.tern.broker.internal.handler;

/**
 * The bytes of messages one PULL or RECEIVE answer may still carry: answers stop adding messages before their frame
 * would pass the limit, so a consumer can always decode them (8 messages of 4 MB in one queue made a 32 MB answer to
 * a 16 MiB frame limit: the consumer could never read it). The first message is always taken: the broker's
 * {@code maxMessageSize} leaves it room in a frame ({@code BrokerConfig}), so one message per answer always fits.
 *
 * <p>Thread rules: one answer's, on the thread building it.
 */
public final class AnswerBudget {
    private final long limit;
    private long used;
    private int taken;

    /** @param limit the bytes of messages an answer may carry: the frame limit less {@code FrameDescriptor.HEADROOM} */
    public AnswerBudget(long limit) {
        this.limit = limit;
    }

    /** Whether a message of {@code bytes} may be added: always the first, later ones while they fit. */
    public boolean fits(long bytes) {
        return taken == 0 || used + bytes <= limit;
    }

    public void take(long bytes) {
        used += bytes;
        taken++;
    }

    /** True once nothing more fits, not even the smallest message. */
    public boolean full() {
        return taken > 0 && used >= limit;
    }
}
