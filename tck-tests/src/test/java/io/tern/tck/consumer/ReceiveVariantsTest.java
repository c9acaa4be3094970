package io.tern.tck.consumer;

import io.tern.tck.harness.Jms;
import io.tern.tck.harness.TernExtension;
import jakarta.jms.Connection;
import jakarta.jms.IllegalStateException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * JMS 3.1 section 8.2: receive() waits, receive(t) waits up to t, receiveNoWait() does not wait; each returns null when
 * nothing comes; a blocked receive returns null when its consumer or connection closes; a consumer with a listener
 * refuses receive.
 */
@ExtendWith(TernExtension.class)
class ReceiveVariantsTest {
    @Test
    void emptyQueueGivesNullFromTimedAndNoWaitReceives(Jms jms) throws Exception {
        for (String prefetch : new String[]{"prefetch=0", "prefetch=10"}) {
            try (Connection c = jms.factory(prefetch).createConnection()) {
                c.start();
                Session s = c.createSession();
                MessageConsumer consumer = s.createConsumer(s.createQueue(Jms.unique("empty")));
                assertThat(consumer.receiveNoWait()).isNull();
                assertThat(consumer.receive(100)).isNull();
            }
        }
    }

    @Test
    void receiveNoWaitFindsAStoredMessageWithPrefetchZero(Jms jms) throws Exception {
        try (Connection c = jms.factory("prefetch=0").createConnection()) {
            c.start();
            Session s = c.createSession();
            Queue q = s.createQueue(Jms.unique("nowait"));
            s.createProducer(q).send(s.createTextMessage("there"));
            jms.tern().awaitDispatched();
            assertThat(((TextMessage) s.createConsumer(q).receiveNoWait()).getText()).isEqualTo("there");
        }
    }

    @Test
    void blockedReceiveReturnsNullWhenTheConsumerCloses(Jms jms) throws Exception {
        try (Connection c = jms.started()) {
            Session s = c.createSession();
            MessageConsumer consumer = s.createConsumer(s.createQueue(Jms.unique("close-wakes")));
            CompletableFuture<Message> waiting = blockedIn(consumer);
            consumer.close();
            assertThat(waiting.get(Jms.RECEIVE_TIMEOUT, TimeUnit.MILLISECONDS)).isNull();
        }
    }

    @Test
    void blockedReceiveReturnsNullWhenTheConnectionCloses(Jms jms) throws Exception {
        Connection c = jms.started();
        Session s = c.createSession();
        MessageConsumer consumer = s.createConsumer(s.createQueue(Jms.unique("close-wakes-conn")));
        CompletableFuture<Message> waiting = blockedIn(consumer);
        c.close();
        assertThat(waiting.get(Jms.RECEIVE_TIMEOUT, TimeUnit.MILLISECONDS)).isNull();
    }

    @Test
    void consumerWithAListenerRefusesReceive(Jms jms) throws Exception {
        try (Connection c = jms.factory().createConnection()) {
            Session s = c.createSession();
            MessageConsumer consumer = s.createConsumer(s.createQueue(Jms.unique("listener")));
            consumer.setMessageListener(m -> { });
            assertThatThrownBy(consumer::receiveNoWait).isInstanceOf(IllegalStateException.class);
        }
    }

    /** A receive() running on its own thread, returned once that thread waits inside it. */
    private static CompletableFuture<Message> blockedIn(MessageConsumer consumer) {
        CompletableFuture<Message> result = new CompletableFuture<>();
        Thread t = new Thread(() -> result.complete(receive(consumer)), "blocked-receive");
        t.setDaemon(true);
        t.start();
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() -> t.getState() == Thread.State.WAITING);
        return result;
    }

    private static Message receive(MessageConsumer consumer) {
        try {
            return consumer.receive();
        } catch (Exception e) {
            throw new RuntimeException(e);
        }
    }
}
