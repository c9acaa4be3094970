package io.tern.jms.internal.consumer;

import io.tern.jms.TernDestination;
import io.tern.jms.internal.message.DeserializationPolicy;
import io.tern.jms.internal.message.MessageMapping;
import io.tern.jms.internal.session.TernSession;
import io.tern.jms.internal.util.JmsErrors;
import io.tern.message.ReceivedMessage;
import jakarta.jms.IllegalStateException;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.Queue;
import jakarta.jms.QueueBrowser;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Browses a queue: a snapshot, taken by {@link #getEnumeration()}, of the messages the queue's lease group has not
 * acknowledged (from its cursor's watermark on), filtered by the selector on the broker. Nothing is leased or
 * acknowledged. At most {@link #MAX_MESSAGES} per enumeration.
 * Thread rules: the session's thread of control.
 */
public final class TernQueueBrowser implements QueueBrowser {
    /** A browse is one snapshot held in memory: bounded so a deep queue cannot exhaust the heap. */
    public static final int MAX_MESSAGES = 10_000;

    private final TernSession session;
    private final Queue queue;
    private final String selector;
    private final DeserializationPolicy policy;
    private final AtomicBoolean closed = new AtomicBoolean();

    public TernQueueBrowser(TernSession session, Queue queue, String selector, DeserializationPolicy policy) {
        this.session = session;
        this.queue = queue;
        this.selector = selector;
        this.policy = policy;
    }

    @Override
    public Queue getQueue() throws JMSException {
        checkOpen();
        return queue;
    }

    @Override
    public String getMessageSelector() throws JMSException {
        checkOpen();
        return selector;
    }

    @Override
    public Enumeration<?> getEnumeration() throws JMSException {
        checkOpen();
        String name = ((TernDestination) queue).name();
        JmsErrors.await(session.provider().ensureTopic(name), session.timeoutMillis(), "browsing " + queue);
        List<ReceivedMessage> got = JmsErrors.await(session.provider().browse(name, name, selector, MAX_MESSAGES),
                session.timeoutMillis(), "browsing " + queue);
        List<Message> out = new ArrayList<>(got.size());
        for (ReceivedMessage r : got) {
            out.add(MessageMapping.fromReceived(r, 1, policy));
        }
        return Collections.enumeration(out);
    }

    private void checkOpen() throws IllegalStateException {
        if (closed.get()) {
            throw new IllegalStateException("browser of " + queue + " is closed");
        }
        session.checkOpen();
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            session.browserClosed(this);
        }
    }

    public void closeInternal() {
        closed.set(true);
    }
}
