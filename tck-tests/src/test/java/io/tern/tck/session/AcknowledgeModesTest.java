package io.tern.tck.session;

import io.tern.tck.harness.Jms;
import io.tern.tck.harness.TernExtension;
import jakarta.jms.Connection;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * JMS 3.1 section 6.2.10: AUTO_ACKNOWLEDGE and DUPS_OK_ACKNOWLEDGE acknowledge each message the application took;
 * CLIENT_ACKNOWLEDGE's acknowledge() acknowledges every message the session consumed so far, and what was not
 * acknowledged comes back, marked redelivered, after the session closes.
 */
@ExtendWith(TernExtension.class)
class AcknowledgeModesTest {
    @Test
    void autoAcknowledgedMessagesDoNotComeBack(Jms jms) throws Exception {
        acknowledgedByTheMode(jms, Session.AUTO_ACKNOWLEDGE);
    }

    @Test
    void dupsOkAcknowledgedMessagesDoNotComeBack(Jms jms) throws Exception {
        acknowledgedByTheMode(jms, Session.DUPS_OK_ACKNOWLEDGE);
    }

    private static void acknowledgedByTheMode(Jms jms, int mode) throws Exception {
        Queue q;
        try (Connection c = jms.started()) {
            Session s = c.createSession(mode);
            q = s.createQueue(Jms.unique("ack-" + mode));
            send(s, q, 3);
            assertThat(Jms.receive(s.createConsumer(q), 3)).hasSize(3);
        }
        try (Connection c = jms.started()) {
            assertThat(c.createSession().createConsumer(q).receive(500)).isNull();
        }
    }

    @Test
    void clientAcknowledgeAcksEverythingConsumedBeforeIt(Jms jms) throws Exception {
        Queue q;
        try (Connection c = jms.factory("prefetch=0").createConnection()) {
            c.start();
            Session s = c.createSession(Session.CLIENT_ACKNOWLEDGE);
            q = s.createQueue(Jms.unique("client-ack"));
            send(s, q, 4);
            MessageConsumer consumer = s.createConsumer(q);
            List<Message> three = Jms.receive(consumer, 3);
            three.get(1).acknowledge(); // the second one: all three consumed so far are acknowledged
            Message fourth = consumer.receive(Jms.RECEIVE_TIMEOUT);
            assertThat(fourth.getIntProperty("n")).isEqualTo(3);
        } // the fourth was not acknowledged
        try (Connection c = jms.started()) {
            MessageConsumer consumer = c.createSession().createConsumer(q);
            Message again = consumer.receive(Jms.RECEIVE_TIMEOUT);
            assertThat(again.getIntProperty("n")).isEqualTo(3);
            assertThat(again.getJMSRedelivered()).isTrue();
            assertThat(again.getIntProperty("JMSXDeliveryCount")).isEqualTo(2);
            assertThat(consumer.receive(300)).isNull();
        }
    }

    @Test
    void acknowledgeInOtherModesIsIgnored(Jms jms) throws Exception {
        try (Connection c = jms.started()) {
            Session s = c.createSession(Session.AUTO_ACKNOWLEDGE);
            Queue q = s.createQueue(Jms.unique("ack-ignored"));
            send(s, q, 1);
            s.createConsumer(q).receive(Jms.RECEIVE_TIMEOUT).acknowledge();
        }
    }

    static void send(Session s, Queue q, int n) throws Exception {
        MessageProducer p = s.createProducer(q);
        for (int i = 0; i < n; i++) {
            Message m = s.createMessage();
            m.setIntProperty("n", i);
            p.send(m);
        }
    }

    static List<Integer> numbers(List<Message> ms) throws Exception {
        List<Integer> out = new ArrayList<>();
        for (Message m : ms) {
            out.add(m.getIntProperty("n"));
        }
        return out;
    }
}
