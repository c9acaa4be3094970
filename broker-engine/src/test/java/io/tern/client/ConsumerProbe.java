package io.tern.client;

/** Lets the broker's end-to-end tests (another package) see how many messages wait in a consumer's buffer. */
public final class ConsumerProbe {
    private ConsumerProbe() {
    }

    public static int buffered(PullConsumer c) {
        return c.buffered();
    }

    public static int buffered(PushConsumer c) {
        return c.buffered();
    }
}
