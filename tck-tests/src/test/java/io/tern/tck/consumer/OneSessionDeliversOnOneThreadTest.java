package io.tern.tck.consumer;

import io.tern.tck.harness.Jms;
import io.tern.tck.harness.TernExtension;
import jakarta.jms.Connection;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** JMS 3.1 section 6.2.13: a session delivers to its listeners serially: one onMessage at a time, whichever consumer. */
@ExtendWith(TernExtension.class)
class OneSessionDeliversOnOneThreadTest {
    @Test
    void listenersOfOneSessionNeverRunAtOnce(Jms jms) throws Exception {
        try (Connection c = jms.started()) {
            Session s = c.createSession();
            Queue a = s.createQueue(Jms.unique("serial-a"));
            Queue b = s.createQueue(Jms.unique("serial-b"));
            AtomicInteger inside = new AtomicInteger();
            AtomicInteger maxInside = new AtomicInteger();
            AtomicInteger delivered = new AtomicInteger();
            Set<String> threads = ConcurrentHashMap.newKeySet();
            jakarta.jms.MessageListener l = m -> {
                maxInside.accumulateAndGet(inside.incrementAndGet(), Math::max);
                threads.add(Thread.currentThread().getName());
                Thread.onSpinWait();
                inside.decrementAndGet();
                delivered.incrementAndGet();
            };
            s.createConsumer(a).setMessageListener(l);
            s.createConsumer(b).setMessageListener(l);
            Session sender = c.createSession();
            MessageProducer p = sender.createProducer(null);
            for (int i = 0; i < 100; i++) {
                p.send(i % 2 == 0 ? a : b, sender.createMessage());
            }
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> delivered.get() == 100);
            assertThat(maxInside.get()).isEqualTo(1);
            assertThat(threads).hasSize(1);
        }
    }
}
