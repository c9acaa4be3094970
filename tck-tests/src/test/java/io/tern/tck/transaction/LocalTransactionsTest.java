package io.tern.tck.transaction;

import io.tern.tck.harness.Jms;
import io.tern.tck.harness.TernExtension;
import jakarta.jms.Connection;
import jakarta.jms.IllegalStateException;
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
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * JMS 3.1 section 6.2.7: a transacted session's sends are delivered and its receives acknowledged only when it
 * commits; rollback discards the sends and delivers the received messages again (before newer ones).
 */
@ExtendWith(TernExtension.class)
class LocalTransactionsTest {
    @Test
    void sendsAreInvisibleUntilCommit(Jms jms) throws Exception {
        try (Connection c = jms.started()) {
            Session tx = c.createSession(Session.SESSION_TRANSACTED);
            assertThat(tx.getTransacted()).isTrue();
            assertThat(tx.getAcknowledgeMode()).isEqualTo(Session.SESSION_TRANSACTED);
            Queue q = tx.createQueue(Jms.unique("tx-send"));
            MessageProducer p = tx.createProducer(q);
            p.send(tx.createTextMessage("a"));
            p.send(tx.createTextMessage("b"));
            MessageConsumer outside = c.createSession().createConsumer(q);
            assertThat(outside.receive(300)).isNull();
            tx.commit();
            assertThat(Jms.receive(outside, 2)).hasSize(2);
        }
    }

    @Test
    void rollbackDiscardsSends(Jms jms) throws Exception {
        try (Connection c = jms.started()) {
            Session tx = c.createSession(true, Session.SESSION_TRANSACTED);
            Queue q = tx.createQueue(Jms.unique("tx-rollback-send"));
            MessageProducer p = tx.createProducer(q);
            p.send(tx.createTextMessage("gone"));
            tx.rollback();
            p.send(tx.createTextMessage("kept"));
            tx.commit();
            MessageConsumer outside = c.createSession().createConsumer(q);
            assertThat(((jakarta.jms.TextMessage) outside.receive(Jms.RECEIVE_TIMEOUT)).getText()).isEqualTo("kept");
            assertThat(outside.receive(300)).isNull();
        }
    }

    @Test
    void commitAcknowledgesAndRollbackRedeliversOlderFirst(Jms jms) throws Exception {
        Queue q;
        try (Connection c = jms.started()) {
            Session plain = c.createSession();
            q = plain.createQueue(Jms.unique("tx-receive"));
            MessageProducer p = plain.createProducer(q);
            for (int i = 0; i < 5; i++) {
                Message m = plain.createMessage();
                m.setIntProperty("n", i);
                p.send(m);
            }
            Session tx = c.createSession(Session.SESSION_TRANSACTED);
            MessageConsumer consumer = tx.createConsumer(q);
            assertThat(numbers(Jms.receive(consumer, 2))).containsExactly(0, 1);
            tx.commit();
            assertThat(numbers(Jms.receive(consumer, 2))).containsExactly(2, 3);
            tx.rollback();
            List<Message> again = Jms.receive(consumer, 3);
            assertThat(numbers(again)).containsExactly(2, 3, 4);
            assertThat(again.get(0).getJMSRedelivered()).isTrue();
            assertThat(again.get(0).getIntProperty("JMSXDeliveryCount")).isEqualTo(2);
            assertThat(again.get(2).getJMSRedelivered()).as("prefetched, never delivered: given back uncounted").isFalse();
            tx.commit();
        }
        try (Connection c = jms.started()) {
            assertThat(c.createSession().createConsumer(q).receive(300)).isNull();
        }
    }

    @Test
    void emptyCommitAndRollbackAreFine(Jms jms) throws Exception {
        try (Connection c = jms.factory().createConnection()) {
            Session tx = c.createSession(Session.SESSION_TRANSACTED);
            tx.commit();
            tx.rollback();
        }
    }

    @Test
    void commitAndRollbackOutsideATransactionAreRefused(Jms jms) throws Exception {
        try (Connection c = jms.factory().createConnection()) {
            Session s = c.createSession(Session.AUTO_ACKNOWLEDGE);
            assertThatThrownBy(s::commit).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(s::rollback).isInstanceOf(IllegalStateException.class);
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
