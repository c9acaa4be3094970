package io.tern.tck.spring;

import io.tern.tck.harness.Jms;
import io.tern.tck.harness.TernExtension;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.Message;
import jakarta.jms.TextMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.jms.connection.CachingConnectionFactory;
import org.springframework.jms.core.JmsTemplate;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 13, Spring: spring-jms's {@link JmsTemplate} works on a plain TernConnectionFactory (a connection, session,
 * producer or consumer per operation) and over a {@link CachingConnectionFactory} (one connection, cached sessions
 * and producers): conversions, selectors, request/reply over a temporary queue.
 */
@ExtendWith(TernExtension.class)
class JmsTemplateWorksUnchangedTest {
    private static void sendAndReceive(ConnectionFactory cf) {
        JmsTemplate t = new JmsTemplate(cf);
        t.setReceiveTimeout(Jms.RECEIVE_TIMEOUT);
        String q = Jms.unique("spring-template");
        t.convertAndSend(q, "text");
        t.convertAndSend(q, Map.of("k", 7));
        t.send(q, s -> {
            TextMessage m = s.createTextMessage("selected");
            m.setStringProperty("color", "red");
            return m;
        });
        assertThat(t.receiveSelectedAndConvert(q, "color = 'red'")).isEqualTo("selected");
        assertThat(List.of(t.receiveAndConvert(q), t.receiveAndConvert(q))).containsExactlyInAnyOrder("text", Map.of("k", 7));
        for (int i = 0; i < 20; i++) {
            t.convertAndSend(q, "m" + i);
        }
        List<Object> got = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            got.add(t.receiveAndConvert(q));
        }
        // every template call on a plain factory is its own session, and JMS orders only within a session
        assertThat(got).containsExactlyInAnyOrderElementsOf(IntStream.range(0, 20).mapToObj(i -> "m" + i).toList());
        t.setReceiveTimeout(JmsTemplate.RECEIVE_TIMEOUT_NO_WAIT);
        assertThat(t.receive(q)).isNull(); // nothing left: every message was consumed once
    }

    @Test
    void plainFactory(Jms jms) {
        sendAndReceive(jms.factory());
    }

    @Test
    void cachingConnectionFactory(Jms jms) {
        // cached consumers stay open between receives: with a prefetch they would hold messages a consumer with
        // another selector is waiting for, so prefetch=0 (see docs/jms.md, Spring)
        CachingConnectionFactory ccf = new CachingConnectionFactory(jms.factory("prefetch=0"));
        ccf.setSessionCacheSize(4);
        ccf.setCacheConsumers(true);
        try {
            sendAndReceive(ccf);
        } finally {
            ccf.destroy();
        }
    }

    @Test
    void requestReplyOverATemporaryQueue(Jms jms) throws Exception {
        CachingConnectionFactory ccf = new CachingConnectionFactory(jms.factory());
        try {
            JmsTemplate t = new JmsTemplate(ccf);
            t.setReceiveTimeout(Jms.RECEIVE_TIMEOUT);
            String q = Jms.unique("spring-request");
            CompletableFuture<Void> replier = new CompletableFuture<>();
            Thread server = new Thread(() -> { // its own thread: a blocking receive must not sit in the common pool
                try {
                    Message request = t.receive(q);
                    t.send(readReplyTo(request), s -> s.createTextMessage("reply to " + text(request)));
                    replier.complete(null);
                } catch (RuntimeException e) {
                    replier.completeExceptionally(e);
                }
            }, "replier");
            server.start();
            Message reply = t.sendAndReceive(q, s -> s.createTextMessage("ping"));
            replier.get();
            assertThat(((TextMessage) reply).getText()).isEqualTo("reply to ping");
        } finally {
            ccf.destroy();
        }
    }

    private static jakarta.jms.Destination readReplyTo(Message m) {
        try {
            return m.getJMSReplyTo();
        } catch (jakarta.jms.JMSException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String text(Message m) {
        try {
            return ((TextMessage) m).getText();
        } catch (jakarta.jms.JMSException e) {
            throw new IllegalStateException(e);
        }
    }
}
