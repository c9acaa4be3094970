package io.tern.tck.session;

import io.tern.tck.harness.Jms;
import io.tern.tck.harness.TernExtension;
import jakarta.jms.Connection;
import jakarta.jms.Message;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * JMS 3.1 section 8.7: in AUTO_ACKNOWLEDGE and DUPS_OK_ACKNOWLEDGE, a message whose listener throws a RuntimeException
 * is delivered again at once, with JMSRedelivered set and JMSXDeliveryCount one higher.
 */
@ExtendWith(TernExtension.class)
class ListenerThatThrowsGetsTheMessageAgainTest {
    @Test
    void autoAcknowledge(Jms jms) throws Exception {
        check(jms, Session.AUTO_ACKNOWLEDGE);
    }

    @Test
    void dupsOk(Jms jms) throws Exception {
        check(jms, Session.DUPS_OK_ACKNOWLEDGE);
    }

    private static void check(Jms jms, int mode) throws Exception {
        try (Connection c = jms.started()) {
            Session s = c.createSession(mode);
            Queue q = s.createQueue(Jms.unique("throws"));
            List<String> seen = new CopyOnWriteArrayList<>();
            s.createConsumer(q).setMessageListener(m -> {
                try {
                    seen.add(m.getJMSRedelivered() + "/" + m.getIntProperty("JMSXDeliveryCount"));
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
                if (seen.size() == 1) {
                    throw new RuntimeException("first delivery fails on purpose");
                }
            });
            Session sender = c.createSession();
            Message m = sender.createTextMessage("retry me");
            sender.createProducer(q).send(m);
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> seen.size() >= 2);
            assertThat(seen).startsWith("false/1", "true/2");
        }
    }
}
