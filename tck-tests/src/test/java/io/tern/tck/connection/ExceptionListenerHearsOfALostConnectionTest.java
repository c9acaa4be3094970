package io.tern.tck.connection;

import io.tern.tck.harness.EmbeddedTern;
import io.tern.tck.harness.Jms;
import io.tern.jms.TernConnectionFactory;
import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.Session;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/** JMS 3.1 section 6.1.7: the ExceptionListener is told, once, when the provider loses the connection. */
class ExceptionListenerHearsOfALostConnectionTest {
    @Test
    void brokerGoingAwayIsReportedOnce() throws Exception {
        EmbeddedTern own = new EmbeddedTern(); // its own broker: this test stops it
        List<JMSException> heard = new CopyOnWriteArrayList<>();
        Connection c = new TernConnectionFactory(own.url(null)).createConnection();
        try {
            c.setExceptionListener(heard::add);
            Session s = c.createSession();
            s.createProducer(s.createQueue(Jms.unique("lost"))).send(s.createTextMessage("connects to the broker"));
            own.close();
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !heard.isEmpty());
            assertThat(heard.get(0).getMessage()).contains("lost");
            // whatever else closes afterwards (NameServer, broker), it is one failure
            Awaitility.await().pollDelay(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> true);
            assertThat(heard).hasSize(1);
        } finally {
            c.close();
        }
    }
}
