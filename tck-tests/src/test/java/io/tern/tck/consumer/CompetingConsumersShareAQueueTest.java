package io.tern.tck.consumer;

import io.tern.tck.harness.Jms;
import io.tern.tck.harness.TernExtension;
import jakarta.jms.Connection;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/** JMS 3.1 section 4.4: consumers of a queue compete; each message goes to exactly one of them. */
@ExtendWith(TernExtension.class)
class CompetingConsumersShareAQueueTest {
    @Test
    void everyMessageReachesExactlyOneConsumer(Jms jms) throws Exception {
        try (Connection one = jms.started(); Connection two = jms.started()) {
            Queue q = one.createSession().createQueue(Jms.unique("compete"));
            List<Integer> got = new CopyOnWriteArrayList<>();
            Set<String> byConsumer = ConcurrentHashMap.newKeySet();
            for (Connection c : List.of(one, two)) {
                for (int i = 0; i < 2; i++) {
                    String name = c.hashCode() + "/" + i;
                    MessageConsumer consumer = c.createSession().createConsumer(q);
                    consumer.setMessageListener(m -> {
                        try {
                            got.add(m.getIntProperty("n"));
                            byConsumer.add(name);
                        } catch (Exception e) {
                            throw new RuntimeException(e);
                        }
                    });
                }
            }
            Session s = one.createSession();
            MessageProducer p = s.createProducer(q);
            for (int i = 0; i < 400; i++) {
                Message m = s.createMessage();
                m.setIntProperty("n", i);
                p.send(m);
            }
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> got.size() >= 400);
            assertThat(got).hasSize(400).doesNotHaveDuplicates();
            assertThat(byConsumer.size()).isGreaterThan(1);
        }
    }
}
