package io.tern.tck.transaction;

import io.tern.jms.TernConnectionFactory;
import io.tern.tck.harness.EmbeddedTern;
import io.tern.tck.harness.Jms;
import jakarta.jms.Connection;
import jakarta.jms.Session;
import jakarta.jms.TransactionRolledBackException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * JMS 3.1 section 6.2.7 and Tern's rule (issue 13): a commit whose outcome cannot be known (the broker went away) is a
 * TransactionRolledBackException, never a silent partial commit.
 */
class CommitWithUnknownOutcomeIsRolledBackTest {
    @Test
    void brokerLostBeforeCommit() throws Exception {
        EmbeddedTern own = new EmbeddedTern();
        Connection c = new TernConnectionFactory(own.url("sendTimeout=2000")).createConnection();
        try {
            Session tx = c.createSession(Session.SESSION_TRANSACTED);
            tx.createProducer(tx.createQueue(Jms.unique("in-doubt"))).send(tx.createTextMessage("half"));
            own.close();
            assertThatThrownBy(tx::commit).isInstanceOf(TransactionRolledBackException.class);
        } finally {
            c.close();
        }
    }
}
