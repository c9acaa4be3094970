package io.tern.jms.internal.session;

import io.tern.jms.internal.connection.TernConnection;
import io.tern.jms.internal.provider.ScriptedProvider;
import io.tern.jms.internal.settings.FactorySettings;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The JMS semantics checked call by call against a scripted {@link io.tern.jms.internal.provider.Provider}: what each
 * acknowledge mode and transaction step costs on the wire.
 */
class SessionSemanticsOverTheSeamTest {
    private ScriptedProvider provider;
    private TernConnection connection;

    @BeforeEach
    void open() throws Exception {
        provider = new ScriptedProvider();
        connection = TernConnection.open(FactorySettings.parse("tern://127.0.0.1:1?prefetch=4&leaseRenewal=60000"), null, null, provider, "scripted-connection-1");
        connection.start();
    }

    @AfterEach
    void close() throws Exception {
        connection.close();
    }

    private Queue queueWith(Session s, int n) throws Exception {
        Queue q = s.createQueue("q");
        MessageProducer p = s.createProducer(q);
        for (int i = 0; i < n; i++) {
            Message m = s.createMessage();
            m.setIntProperty("n", i);
            p.send(m);
        }
        return q;
    }

    @Test
    void emptyCommitAndRollbackMakeNoBrokerCall() throws Exception {
        Session tx = connection.createSession(Session.SESSION_TRANSACTED);
        tx.commit();
        tx.rollback();
        assertThat(provider.callsOf("BEGIN")).isEmpty();
        assertThat(provider.callsOf("END_TRANSACTION")).isEmpty();
    }

    @Test
    void commitIsOneBrokerCallAfterHeldAcksAndHalfSends() throws Exception {
        Queue q = queueWith(connection.createSession(), 2);
        Session tx = connection.createSession(Session.SESSION_TRANSACTED);
        MessageConsumer c = tx.createConsumer(q);
        assertThat(c.receive(1000)).isNotNull();
        assertThat(c.receive(1000)).isNotNull();
        tx.createProducer(tx.createQueue("out")).send(tx.createMessage());
        provider.calls.clear();
        tx.commit();
        assertThat(provider.calls).containsExactly("END_TRANSACTION commit");
    }

    @Test
    void clientAcknowledgeAcksEachDeliveredMessageOnce() throws Exception {
        Session s = connection.createSession(Session.CLIENT_ACKNOWLEDGE);
        Queue q = queueWith(s, 3);
        MessageConsumer c = s.createConsumer(q);
        Message last = null;
        for (int i = 0; i < 3; i++) {
            last = c.receive(1000);
        }
        assertThat(provider.callsOf("ACK")).isEmpty();
        last.acknowledge();
        assertThat(provider.callsOf("ACK")).hasSize(3).doesNotHaveDuplicates();
        last.acknowledge();
        assertThat(provider.callsOf("ACK")).hasSize(3);
    }

    @Test
    void recoverCostsNoBrokerCall() throws Exception {
        Session s = connection.createSession(Session.CLIENT_ACKNOWLEDGE);
        Queue q = queueWith(s, 2);
        MessageConsumer c = s.createConsumer(q);
        c.receive(1000);
        c.receive(1000);
        provider.calls.clear();
        s.recover();
        Message again = c.receive(1000);
        assertThat(again.getIntProperty("n")).isZero();
        assertThat(again.getJMSRedelivered()).isTrue();
        assertThat(provider.calls).noneMatch(call -> call.startsWith("NACK") || call.startsWith("RELEASE_LEASE") || call.startsWith("ACK"));
    }

    @Test
    void closingAConsumerReleasesItsPrefetchUncounted() throws Exception {
        Session s = connection.createSession();
        Queue q = queueWith(s, 4);
        MessageConsumer c = s.createConsumer(q);
        assertThat(c.receive(1000).getIntProperty("n")).isZero();
        c.close();
        List<String> released = provider.callsOf("RELEASE_LEASE");
        assertThat(released).hasSize(3);
        assertThat(provider.callsOf("NACK")).isEmpty();
    }
}
