package io.tern.tck.simplified;

import io.tern.tck.harness.Jms;
import io.tern.tck.harness.TernExtension;
import jakarta.jms.IllegalStateRuntimeException;
import jakarta.jms.JMSConsumer;
import jakarta.jms.JMSContext;
import jakarta.jms.Message;
import jakarta.jms.Queue;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * JMS 3.1 section 6.2.4: closing a JMSContext closes its consumers (a receive in progress returns null) and its
 * connection; close from its own MessageListener or CompletionListener is IllegalStateRuntimeException; a
 * transacted context rolls back at close; closing twice is harmless.
 */
@ExtendWith(TernExtension.class)
class JmsContextCloseRulesTest {
    @Test
    void closeFromOwnListenerIsRefused(Jms jms) {
        AtomicReference<Throwable> seen = new AtomicReference<>();
        JMSContext ctx = jms.factory().createContext();
        Queue q = ctx.createQueue(Jms.unique("ctx-close-listener"));
        ctx.createConsumer(q).setMessageListener(m -> {
            try {
                ctx.close();
                seen.set(new AssertionError("close from the listener returned"));
            } catch (RuntimeException e) {
                seen.set(e);
            }
        });
        ctx.createProducer().send(q, "x");
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> seen.get() != null);
        assertThat(seen.get()).isInstanceOf(IllegalStateRuntimeException.class);
        ctx.close(); // from outside it works
    }

    @Test
    void closeFromOwnCompletionListenerIsRefused(Jms jms) {
        AtomicReference<Throwable> seen = new AtomicReference<>();
        JMSContext ctx = jms.factory().createContext();
        Queue q = ctx.createQueue(Jms.unique("ctx-close-completion"));
        ctx.createProducer().setAsync(new jakarta.jms.CompletionListener() {
            @Override
            public void onCompletion(Message m) {
                try {
                    ctx.close();
                    seen.set(new AssertionError("close from the completion listener returned"));
                } catch (RuntimeException e) {
                    seen.set(e);
                }
            }

            @Override
            public void onException(Message m, Exception e) {
                seen.set(e);
            }
        }).send(q, "x");
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> seen.get() != null);
        assertThat(seen.get()).isInstanceOf(IllegalStateRuntimeException.class);
        ctx.close();
    }

    @Test
    void closeEndsAReceiveInProgress(Jms jms) throws Exception {
        JMSContext ctx = jms.factory().createContext();
        JMSConsumer c = ctx.createConsumer(ctx.createQueue(Jms.unique("ctx-close-receive")));
        AtomicReference<Object> got = new AtomicReference<>();
        Thread t = new Thread(() -> {
            try {
                got.set(c.receive() == null ? "null" : "message");
            } catch (RuntimeException e) {
                got.set(e);
            }
        });
        t.start();
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> t.getState() == Thread.State.WAITING || t.getState() == Thread.State.TIMED_WAITING);
        ctx.close();
        t.join(10_000);
        assertThat(got.get()).isEqualTo("null");
    }

    @Test
    void closingATransactedContextRollsBack(Jms jms) {
        String name = Jms.unique("ctx-close-tx");
        JMSContext ctx = jms.factory().createContext(JMSContext.SESSION_TRANSACTED);
        assertThat(ctx.getTransacted()).isTrue();
        Queue q = ctx.createQueue(name);
        ctx.createProducer().send(q, "never");
        ctx.close();
        try (JMSContext other = jms.factory().createContext()) {
            other.createProducer().send(other.createQueue(name), "committed");
            assertThat(other.createConsumer(other.createQueue(name)).receiveBody(String.class, Jms.RECEIVE_TIMEOUT)).isEqualTo("committed");
        }
    }

    @Test
    void transactedContextCommitsAndRollsBack(Jms jms) {
        try (JMSContext ctx = jms.factory().createContext(JMSContext.SESSION_TRANSACTED)) {
            Queue q = ctx.createQueue(Jms.unique("ctx-tx"));
            JMSConsumer c = ctx.createConsumer(q);
            ctx.createProducer().send(q, "a");
            ctx.commit();
            assertThat(c.receiveBody(String.class, Jms.RECEIVE_TIMEOUT)).isEqualTo("a");
            ctx.rollback();
            Message again = c.receive(Jms.RECEIVE_TIMEOUT);
            assertThat(again).isNotNull();
            ctx.commit();
            assertThat(c.receiveNoWait()).isNull();
        }
    }
}
