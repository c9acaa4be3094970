package io.tern.tck.destination;

import io.tern.tck.harness.Jms;
import io.tern.tck.harness.TernExtension;
import jakarta.jms.Connection;
import jakarta.jms.Message;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.QueueBrowser;
import jakarta.jms.Session;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** JMS 3.1 section 8.6: a QueueBrowser shows a queue's messages (those its selector picks) without consuming any. */
@ExtendWith(TernExtension.class)
class QueueBrowserTest {
    @Test
    void browsingShowsWithoutConsuming(Jms jms) throws Exception {
        try (Connection c = jms.started()) {
            Session s = c.createSession();
            Queue q = s.createQueue(Jms.unique("browse"));
            MessageProducer p = s.createProducer(q);
            for (int i = 0; i < 6; i++) {
                Message m = s.createMessage();
                m.setIntProperty("n", i);
                p.send(m);
            }
            jms.tern().awaitDispatched();
            assertThat(numbers(s.createBrowser(q))).containsExactlyInAnyOrder(0, 1, 2, 3, 4, 5);
            QueueBrowser odd = s.createBrowser(q, "n / 2 * 2 <> n");
            assertThat(odd.getMessageSelector()).isEqualTo("n / 2 * 2 <> n");
            assertThat(odd.getQueue()).isEqualTo(q);
            assertThat(numbers(odd)).containsExactlyInAnyOrder(1, 3, 5);
            assertThat(Jms.receive(s.createConsumer(q), 6)).hasSize(6); // all still there
        }
    }

    @Test
    void acknowledgedMessagesAreNotShown(Jms jms) throws Exception {
        try (Connection c = jms.started()) {
            Session s = c.createSession();
            Queue q = s.createQueue(Jms.unique("browse-acked"));
            MessageProducer p = s.createProducer(q);
            for (int i = 0; i < 4; i++) {
                Message m = s.createMessage();
                m.setIntProperty("n", i);
                p.send(m);
            }
            var consumer = s.createConsumer(q);
            Jms.receive(consumer, 2);
            consumer.close();
            jms.tern().awaitDispatched();
            assertThat(numbers(s.createBrowser(q))).containsExactlyInAnyOrder(2, 3);
        }
    }

    private static List<Integer> numbers(QueueBrowser b) throws Exception {
        List<Integer> out = new ArrayList<>();
        for (Object o : Collections.list(b.getEnumeration())) {
            out.add(((Message) o).getIntProperty("n"));
        }
        return out;
    }
}
