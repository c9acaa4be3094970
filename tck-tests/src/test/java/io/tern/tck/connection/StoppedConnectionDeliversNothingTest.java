package io.tern.tck.connection;

import io.tern.tck.harness.Jms;
import io.tern.tck.harness.TernExtension;
import jakarta.jms.Connection;
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

/** JMS 3.1 section 6.1.4: a stopped connection delivers nothing; a receive on it waits until it is started. */
@ExtendWith(TernExtension.class)
class StoppedConnectionDeliversNothingTest {
    @Test
    void receiveWaitsUntilStart(Jms jms) throws Exception {
        try (Connection c = jms.factory().createConnection()) { // never started yet
            Session s = c.createSession();
            Queue q = s.createQueue(Jms.unique("stopped"));
            s.createProducer(q).send(s.createTextMessage("hello"));
            MessageConsumer consumer = s.createConsumer(q);
            assertThat(consumer.receiveNoWait()).isNull();
            assertThat(consumer.receive(200)).isNull(); // stopped: nothing, though the message is stored
            CompletableFuture<Message> waiting = CompletableFuture.supplyAsync(() -> {
                try {
                    return consumer.receive();
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });
            c.start();
            Message m = waiting.get(Jms.RECEIVE_TIMEOUT, TimeUnit.MILLISECONDS);
            assertThat(((TextMessage) m).getText()).isEqualTo("hello");
        }
    }

    @Test
    void stopAfterStartHoldsBackNewMessages(Jms jms) throws Exception {
        try (Connection c = jms.started()) {
            Session s = c.createSession();
            Queue q = s.createQueue(Jms.unique("stop"));
            MessageConsumer consumer = s.createConsumer(q);
            c.stop();
            s.createProducer(q).send(s.createTextMessage("held"));
            assertThat(consumer.receive(200)).isNull();
            c.start();
            assertThat(((TextMessage) consumer.receive(Jms.RECEIVE_TIMEOUT)).getText()).isEqualTo("held");
        }
    }
}
