package io.tern.tck.transaction;

import io.tern.jms.TernConnectionFactory;
import io.tern.tck.harness.EmbeddedTern;
import io.tern.tck.harness.Jms;
import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import jakarta.jms.TransactionRolledBackException;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * JMS 3.1 section 6.2.7 across a broker restart: a transaction whose broker connection was lost cannot commit; its
 * commit is a TransactionRolledBackException (never a partial commit), its received message comes again and its sends
 * are discarded, and the session goes on with a new transaction on the reconnected connection.
 */
class TransactedSessionThatLostItsTransactionReportsItAtCommitTest {
    EmbeddedTern own;

    @BeforeEach
    void broker() {
        own = new EmbeddedTern(); // its own broker: this test restarts it
    }

    @AfterEach
    void stop() {
        own.close();
    }

    @Test
    void commitAfterARestartIsRolledBackAndTheNextTransactionWorks() throws Exception {
        List<JMSException> heard = new CopyOnWriteArrayList<>();
        try (Connection c = new TernConnectionFactory(own.url(null)).createConnection()) {
            c.setExceptionListener(heard::add);
            c.start();
            Session plain = c.createSession();
            Queue in = plain.createQueue(Jms.unique("lost-tx-in"));
            Queue out = plain.createQueue(Jms.unique("lost-tx-out"));
            plain.createProducer(in).send(plain.createTextMessage("request"));
            MessageConsumer replies = plain.createConsumer(out);

            Session tx = c.createSession(Session.SESSION_TRANSACTED);
            MessageConsumer requests = tx.createConsumer(in);
            assertThat(((TextMessage) requests.receive(Jms.RECEIVE_TIMEOUT)).getText()).isEqualTo("request");
            tx.createProducer(out).send(tx.createTextMessage("reply, lost"));

            own.restartBroker();
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !heard.isEmpty());
            assertThatThrownBy(tx::commit).isInstanceOf(TransactionRolledBackException.class).hasMessageContaining("lost");

            TextMessage again = (TextMessage) requests.receive(Jms.RECEIVE_TIMEOUT);
            assertThat(again.getText()).isEqualTo("request");
            assertThat(again.getJMSRedelivered()).isTrue();
            tx.createProducer(out).send(tx.createTextMessage("reply"));
            tx.commit();
            assertThat(((TextMessage) replies.receive(Jms.RECEIVE_TIMEOUT)).getText()).isEqualTo("reply");
            assertThat(replies.receive(500)).as("the lost transaction's send was discarded").isNull();
            requests.close();
            assertThat(plain.createConsumer(in).receive(500)).as("the request is acknowledged now").isNull();
        }
    }
}
