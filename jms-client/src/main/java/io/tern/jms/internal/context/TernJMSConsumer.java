package io.tern.jms.internal.context;

import io.tern.jms.internal.consumer.TernMessageConsumer;
import jakarta.jms.JMSConsumer;
import jakarta.jms.Message;
import jakarta.jms.MessageListener;

import static io.tern.jms.internal.context.RuntimeErrors.call;
import static io.tern.jms.internal.context.RuntimeErrors.run;

/**
 * A {@link JMSConsumer}: a classic consumer of the context's session, its checked exceptions translated.
 * {@code receiveBody} checks the body before acknowledging: one that is not of the asked type stays
 * unacknowledged in AUTO/DUPS_OK and comes again on the next receive ({@code TernSession.deliverReceivedBody}).
 *
 * <p>Thread rules: those of the context's session (one application thread at a time).
 */
final class TernJMSConsumer implements JMSConsumer {
    private final TernJMSContext context;
    private final TernMessageConsumer consumer;

    TernJMSConsumer(TernJMSContext context, TernMessageConsumer consumer) {
        this.context = context;
        this.consumer = consumer;
    }

    @Override
    public String getMessageSelector() {
        return call(consumer::getMessageSelector);
    }

    @Override
    public MessageListener getMessageListener() {
        return call(consumer::getMessageListener);
    }

    @Override
    public void setMessageListener(MessageListener listener) {
        run(() -> consumer.setMessageListener(listener));
    }

    @Override
    public Message receive() {
        return call(consumer::receive);
    }

    @Override
    public Message receive(long timeout) {
        return call(() -> consumer.receive(timeout));
    }

    @Override
    public Message receiveNoWait() {
        return call(consumer::receiveNoWait);
    }

    @Override
    public void close() {
        run(consumer::close);
    }

    @Override
    public <T> T receiveBody(Class<T> c) {
        return call(() -> consumer.receiveBody(c, 0, false));
    }

    @Override
    public <T> T receiveBody(Class<T> c, long timeout) {
        return call(() -> consumer.receiveBody(c, timeout, false));
    }

    @Override
    public <T> T receiveBodyNoWait(Class<T> c) {
        return call(() -> consumer.receiveBody(c, 0, true));
    }

    @Override
    public String toString() {
        return "TernJMSConsumer[" + consumer + " of " + context + "]";
    }
}
