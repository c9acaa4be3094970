package io.tern.ra.outbound;

import io.tern.jms.internal.consumer.TernMessageConsumer;
import jakarta.jms.IllegalStateRuntimeException;
import jakarta.jms.JMSConsumer;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageListener;

import static io.tern.jms.internal.context.RuntimeErrors.call;
import static io.tern.jms.internal.context.RuntimeErrors.run;

/**
 * The {@link JMSConsumer} of a {@link ContextHandle}: a consumer handle of the pooled session, its checked exceptions
 * translated; listeners are refused (JMS 3.1 section 12.2: MDBs receive asynchronously). {@code receiveBody} uses the
 * provider's own call, so a body of the wrong type stays unacknowledged as the spec says.
 *
 * <p>Thread rules: those of its context.
 */
final class ContextConsumer implements JMSConsumer {
    private final MessageConsumer consumer;

    ContextConsumer(MessageConsumer consumer) {
        this.consumer = consumer;
    }

    private TernMessageConsumer provider() {
        return (TernMessageConsumer) SessionHandle.physicalOf(consumer);
    }

    @Override
    public String getMessageSelector() {
        return call(consumer::getMessageSelector);
    }

    @Override
    public MessageListener getMessageListener() {
        throw forbidden("JMSConsumer.getMessageListener");
    }

    @Override
    public void setMessageListener(MessageListener listener) {
        throw forbidden("JMSConsumer.setMessageListener");
    }

    private static IllegalStateRuntimeException forbidden(String method) {
        jakarta.jms.IllegalStateException e = EeRules.forbidden(method);
        return new IllegalStateRuntimeException(e.getMessage(), e.getErrorCode(), e);
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
        return call(() -> provider().receiveBody(c, 0, false));
    }

    @Override
    public <T> T receiveBody(Class<T> c, long timeout) {
        return call(() -> provider().receiveBody(c, timeout, false));
    }

    @Override
    public <T> T receiveBodyNoWait(Class<T> c) {
        return call(() -> provider().receiveBody(c, 0, true));
    }

    @Override
    public String toString() {
        return "Tern pooled JMSConsumer on " + consumer;
    }
}
