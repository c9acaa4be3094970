package io.tern.ra.outbound;

import io.tern.ra.TernResourceAdapter;
import io.tern.ra.support.EmbeddedTern;
import io.tern.ra.support.JtaPool;
import io.tern.ra.support.Narayana;
import io.tern.ra.support.RecordingXAResource;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.IllegalStateRuntimeException;
import jakarta.jms.JMSConsumer;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSRuntimeException;
import jakarta.jms.Message;
import jakarta.jms.MessageFormatRuntimeException;
import jakarta.jms.Queue;
import jakarta.jms.TransactionInProgressRuntimeException;
import jakarta.jms.XAConnectionFactory;
import jakarta.jms.XAJMSContext;
import jakarta.transaction.TransactionManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** JMSContext and XAJMSContext from the adapter's connection factory, over pooled connections, with the EE rules. */
class ContextTest {
    static EmbeddedTern tern;
    static TransactionManager tm;
    JtaPool pool;
    ConnectionFactory cf;

    @BeforeAll
    static void broker() {
        tern = new EmbeddedTern();
        tm = Narayana.transactionManager();
    }

    @AfterAll
    static void stopBroker() {
        tern.close();
    }

    @BeforeEach
    void factory() throws Exception {
        TernResourceAdapter ra = new TernResourceAdapter();
        ra.setNameServers(tern.nameServer());
        TernManagedConnectionFactory mcf = new TernManagedConnectionFactory();
        mcf.setResourceAdapter(ra);
        pool = new JtaPool(tm);
        cf = (ConnectionFactory) mcf.createConnectionFactory(pool);
    }

    @AfterEach
    void closePool() {
        pool.close();
    }

    static String unique(String p) {
        return p + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    String receiveText(String q, long timeout) {
        try (JMSContext c = cf.createContext()) {
            return c.createConsumer(c.createQueue(q)).receiveBody(String.class, timeout);
        }
    }

    @Test
    void aContextSendsAndReceivesAndItsCloseReturnsTheConnectionToThePool() throws Exception {
        String q = unique("ctx");
        for (int i = 0; i < 5; i++) {
            try (JMSContext c = cf.createContext()) {
                assertThat(c.getTransacted()).isFalse();
                assertThat(c.getSessionMode()).isEqualTo(JMSContext.AUTO_ACKNOWLEDGE);
                c.createProducer().setProperty("n", i).setJMSType("t").send(c.createQueue(q), "m" + i);
            }
        }
        assertThat(pool.created.get()).as("one managed connection served every context").isEqualTo(1);
        try (JMSContext c = cf.createContext()) {
            JMSConsumer consumer = c.createConsumer(c.createQueue(q));
            Message m = consumer.receive(10_000); // each context's session sends on its own engine queue: any order
            assertThat(m.getBody(String.class)).isEqualTo("m" + m.getIntProperty("n"));
            assertThat(m.getJMSType()).isEqualTo("t");
            assertThatThrownBy(() -> consumer.receiveBody(Integer.class, 10_000)).isInstanceOf(MessageFormatRuntimeException.class);
            String again = consumer.receiveBody(String.class, 10_000);
            assertThat(again).as("a body of the wrong type stays unacknowledged").startsWith("m").isNotEqualTo(m.getBody(String.class));
        }
        assertThat(pool.idle()).isEqualTo(1);
    }

    @Test
    void whatTheEeSpecForbidsThrows() throws Exception {
        try (JMSContext c = cf.createContext()) {
            assertThatThrownBy(() -> c.setClientID("x")).isInstanceOf(IllegalStateRuntimeException.class).hasMessageContaining("setClientID");
            assertThatThrownBy(() -> c.setExceptionListener(e -> { })).isInstanceOf(IllegalStateRuntimeException.class);
            assertThatThrownBy(c::stop).isInstanceOf(IllegalStateRuntimeException.class);
            assertThatThrownBy(() -> c.createContext(JMSContext.AUTO_ACKNOWLEDGE)).isInstanceOf(JMSRuntimeException.class)
                    .hasMessageContaining("second session");
            JMSConsumer consumer = c.createConsumer(c.createQueue(unique("rules")));
            assertThatThrownBy(() -> consumer.setMessageListener(m -> { })).isInstanceOf(IllegalStateRuntimeException.class);
            assertThat(c.getExceptionListener()).isNull();
            c.start(); // allowed
        }
        assertThatThrownBy(() -> cf.createContext(42)).isInstanceOf(JMSRuntimeException.class).hasMessageContaining("session mode 42");
    }

    @Test
    void aClosedContextIsClosed() {
        JMSContext c = cf.createContext();
        Queue q = c.createQueue("q");
        c.close();
        assertThatThrownBy(() -> c.createProducer().send(q, "x")).isInstanceOf(IllegalStateRuntimeException.class);
        assertThatThrownBy(c::getClientID).isInstanceOf(IllegalStateRuntimeException.class);
        c.close(); // idempotent
    }

    @Test
    void inAJtaTransactionTheModeIsIgnoredAndTheWorkCommitsOrRollsBackWithIt() throws Exception {
        String q = unique("ctx-jta");
        for (boolean commit : new boolean[] {false, true}) {
            tm.begin();
            tm.getTransaction().enlistResource(new RecordingXAResource(false)); // two resources: two-phase
            try (JMSContext c = cf.createContext(JMSContext.CLIENT_ACKNOWLEDGE)) {
                assertThat(c.getTransacted()).isTrue();
                assertThat(c.getSessionMode()).isEqualTo(JMSContext.SESSION_TRANSACTED);
                assertThatThrownBy(c::commit).isInstanceOf(TransactionInProgressRuntimeException.class);
                assertThatThrownBy(c::rollback).isInstanceOf(TransactionInProgressRuntimeException.class);
                c.createProducer().send(c.createQueue(q), commit ? "committed" : "rolled-back");
            }
            if (commit) {
                tm.commit();
            } else {
                tm.rollback();
            }
        }
        assertThat(receiveText(q, 10_000)).isEqualTo("committed");
        assertThat(receiveText(q, 300)).isNull();
    }

    @Test
    void anXaContextGivesTheManagedConnectionsXaResource() throws Exception {
        String q = unique("xa-ctx");
        XAConnectionFactory xcf = (XAConnectionFactory) cf;
        tm.begin();
        try (XAJMSContext c = xcf.createXAContext()) {
            assertThat(c.getContext()).isSameAs(c);
            assertThat(c.getTransacted()).isTrue();
            assertThat(c.getXAResource()).isNotNull();
            assertThat(c.getXAResource().isSameRM(c.getXAResource())).isTrue();
            c.createProducer().send(c.createQueue(q), "xa");
        }
        tm.commit();
        assertThat(receiveText(q, 10_000)).isEqualTo("xa");
    }

    @Test
    void aRefusedLoginIsASecurityRuntimeException() throws Exception {
        // the embedded broker has no ACL: every login is accepted, so only the happy path is checked here
        try (JMSContext c = cf.createContext("someone", "pw")) {
            assertThat(c.getMetaData().getJMSProviderName()).isNotBlank();
        }
    }
}
