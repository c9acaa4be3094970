package io.tern.tck.destination;

import io.tern.tck.harness.Jms;
import io.tern.tck.harness.TernExtension;
import jakarta.jms.Connection;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.Topic;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * JMS 3.1 section 8.3.3 and 8.3.4: consumers of one shared subscription (durable or not) split its messages, each
 * message going to one of them, while another subscription of the topic gets every message.
 */
@ExtendWith(TernExtension.class)
class SharedSubscriptionsTest {
    @Test
    void sharedNonDurableConsumersSplitTheMessages(Jms jms) throws Exception {
        check(jms, false);
    }

    @Test
    void sharedDurableConsumersSplitTheMessages(Jms jms) throws Exception {
        check(jms, true);
    }

    private static void check(Jms jms, boolean durable) throws Exception {
        try (Connection one = jms.started(); Connection two = jms.started()) {
            Topic t = one.createSession().createTopic(Jms.unique("shared"));
            String name = Jms.unique("sub");
            List<Integer> shared = new CopyOnWriteArrayList<>();
            Set<Connection> receivers = ConcurrentHashMap.newKeySet();
            for (Connection c : List.of(one, two)) {
                Session s = c.createSession();
                MessageConsumer consumer = durable ? s.createSharedDurableConsumer(t, name) : s.createSharedConsumer(t, name);
                consumer.setMessageListener(m -> {
                    shared.add(number(m));
                    receivers.add(c);
                });
            }
            Session s = one.createSession();
            MessageConsumer other = s.createConsumer(t); // its own subscription: every message
            MessageProducer p = s.createProducer(t);
            for (int i = 0; i < 100; i++) {
                Message m = s.createMessage();
                m.setIntProperty("n", i);
                p.send(m);
            }
            assertThat(Jms.receive(other, 100)).hasSize(100);
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> shared.size() >= 100);
            assertThat(shared).hasSize(100).doesNotHaveDuplicates();
            if (durable) {
                one.close();
                two.close();
                try (Connection c = jms.started()) {
                    c.createSession().unsubscribe(name);
                }
            }
        }
    }

    private static int number(Message m) {
        try {
            return m.getIntProperty("n");
        } catch (Exception e) {
            throw new RuntimeException(e);
        }
    }
}
