package io.tern.tck.spring;

import io.tern.tck.harness.Jms;
import io.tern.tck.harness.TernExtension;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.Message;
import jakarta.jms.MessageListener;
import jakarta.jms.TextMessage;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.jms.core.JmsTemplate;
import org.springframework.jms.listener.DefaultMessageListenerContainer;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 13, Spring: {@link DefaultMessageListenerContainer} works unchanged: CACHE_NONE with transacted sessions (a
 * new session and consumer per receive loop; a listener that throws rolls back and gets the message again),
 * CACHE_CONSUMER with concurrent consumers, and a shared topic subscription spread over concurrent consumers.
 */
@ExtendWith(TernExtension.class)
class MessageListenerContainersWorkUnchangedTest {
    private static DefaultMessageListenerContainer container(ConnectionFactory cf, String destination, MessageListener l,
                                                             Consumer<DefaultMessageListenerContainer> tune) {
        DefaultMessageListenerContainer c = new DefaultMessageListenerContainer();
        c.setConnectionFactory(cf);
        c.setDestinationName(destination);
        c.setMessageListener(l);
        c.setReceiveTimeout(200); // how long a consumer loop waits: short, so shutdown is quick
        tune.accept(c);
        c.afterPropertiesSet();
        c.start();
        return c;
    }

    private static String text(Message m) {
        try {
            return ((TextMessage) m).getText();
        } catch (jakarta.jms.JMSException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean redelivered(Message m) {
        try {
            return m.getJMSRedelivered();
        } catch (jakarta.jms.JMSException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void cacheNoneWithTransactedSessionsRedeliversAfterAFailure(Jms jms) {
        String q = Jms.unique("dmlc-none");
        List<String> got = new CopyOnWriteArrayList<>();
        List<Boolean> redeliveredPoison = new CopyOnWriteArrayList<>();
        AtomicBoolean failedOnce = new AtomicBoolean();
        DefaultMessageListenerContainer c = container(jms.factory(), q, m -> {
            String t = text(m);
            if (t.equals("m3") && failedOnce.compareAndSet(false, true)) {
                throw new IllegalStateException("first delivery of m3 fails: the transaction rolls back");
            }
            if (t.equals("m3")) {
                redeliveredPoison.add(redelivered(m));
            }
            got.add(t);
        }, d -> {
            d.setCacheLevel(DefaultMessageListenerContainer.CACHE_NONE);
            d.setSessionTransacted(true);
        });
        try {
            JmsTemplate t = new JmsTemplate(jms.factory());
            for (int i = 0; i < 10; i++) {
                t.convertAndSend(q, "m" + i);
            }
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> got.size() >= 10);
            assertThat(got).containsExactlyInAnyOrderElementsOf(IntStream.range(0, 10).mapToObj(i -> "m" + i).toList());
            assertThat(redeliveredPoison).containsExactly(true);
        } finally {
            c.shutdown();
        }
    }

    @Test
    void cacheConsumerWithConcurrentConsumers(Jms jms) {
        String q = Jms.unique("dmlc-consumer");
        Set<String> got = ConcurrentHashMap.newKeySet();
        List<String> all = new CopyOnWriteArrayList<>();
        DefaultMessageListenerContainer c = container(jms.factory(), q, m -> {
            got.add(text(m));
            all.add(text(m));
        }, d -> {
            d.setCacheLevel(DefaultMessageListenerContainer.CACHE_CONSUMER);
            d.setConcurrentConsumers(2);
        });
        try {
            JmsTemplate t = new JmsTemplate(jms.factory());
            for (int i = 0; i < 50; i++) {
                t.convertAndSend(q, "m" + i);
            }
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> got.size() == 50);
            assertThat(all).hasSize(50); // each once
        } finally {
            c.shutdown();
        }
    }

    @Test
    void sharedSubscriptionSpreadsATopicOverConsumers(Jms jms) {
        String topic = Jms.unique("dmlc-shared");
        List<String> got = new CopyOnWriteArrayList<>();
        Set<String> threads = ConcurrentHashMap.newKeySet();
        DefaultMessageListenerContainer c = container(jms.factory(), topic, m -> {
            got.add(text(m));
            threads.add(Thread.currentThread().getName());
        }, d -> {
            d.setPubSubDomain(true);
            d.setSubscriptionShared(true);
            d.setSubscriptionName("orders-" + topic);
            d.setCacheLevel(DefaultMessageListenerContainer.CACHE_CONSUMER);
            d.setConcurrentConsumers(2);
        });
        try {
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> c.getActiveConsumerCount() == 2);
            // a subscription opens at the end of the topic: wait until both consumers exist before publishing
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> c.getScheduledConsumerCount() == 2 && c.isRunning());
            JmsTemplate t = new JmsTemplate(jms.factory());
            t.setPubSubDomain(true);
            sendUntilFirstArrives(t, topic, got);
            for (int i = 0; i < 40; i++) {
                t.convertAndSend(topic, "m" + i);
            }
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> got.containsAll(IntStream.range(0, 40).mapToObj(i -> "m" + i).toList()));
            assertThat(got.stream().filter(s -> s.startsWith("m"))).hasSize(40); // one subscription: each message once
        } finally {
            c.shutdown();
        }
    }

    /** The shared subscription is created by the first consumer's first receive: publish probes until one arrives. */
    private static void sendUntilFirstArrives(JmsTemplate t, String topic, List<String> got) {
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> {
            t.convertAndSend(topic, "probe");
            return got.contains("probe");
        });
    }
}
