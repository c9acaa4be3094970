package io.tern.tck.simplified;

import io.tern.tck.harness.Jms;
import io.tern.tck.harness.TernExtension;
import jakarta.jms.CompletionListener;
import jakarta.jms.JMSContext;
import jakarta.jms.Message;
import jakarta.jms.Queue;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * JMSProducer javadoc: {@code setAsync(listener)} makes sends asynchronous, completions in send order on a provider
 * thread, and the messages reach a consumer in send order (JMS 3.1 section 6.2.9); {@code setDeliveryDelay} holds a message back until its delivery time.
 */
@ExtendWith(TernExtension.class)
class JmsProducerAsyncSendAndDeliveryDelayTest {
    @Test
    void asyncSendsCompleteInOrder(Jms jms) {
        List<String> done = new CopyOnWriteArrayList<>();
        List<String> threads = new CopyOnWriteArrayList<>();
        CompletionListener l = new CompletionListener() {
            @Override
            public void onCompletion(Message m) {
                try {
                    done.add(m.getBody(String.class));
                } catch (Exception e) {
                    done.add("error " + e);
                }
                threads.add(Thread.currentThread().getName());
            }

            @Override
            public void onException(Message m, Exception e) {
                done.add("failed " + e);
            }
        };
        try (JMSContext ctx = jms.factory().createContext()) {
            Queue q = ctx.createQueue(Jms.unique("ctx-async"));
            var p = ctx.createProducer().setAsync(l);
            assertThat(p.getAsync()).isSameAs(l);
            for (int i = 0; i < 50; i++) {
                p.send(q, "m" + i);
            }
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> done.size() == 50);
            assertThat(done).containsExactlyElementsOf(IntStream.range(0, 50).mapToObj(i -> "m" + i).toList());
            assertThat(threads).noneMatch(t -> t.equals(Thread.currentThread().getName()));
            p.setAsync(null).send(q, "sync");
            var c = ctx.createConsumer(q);
            List<String> got = new java.util.ArrayList<>();
            for (int i = 0; i < 51; i++) {
                got.add(c.receiveBody(String.class, Jms.RECEIVE_TIMEOUT));
            }
            assertThat(got).as("what one context sends to a destination arrives in send order").containsExactlyElementsOf(IntStream.range(0, 51).mapToObj(i -> i == 50 ? "sync" : "m" + i).toList());
        }
    }

    @Test
    void deliveryDelayHoldsTheMessageBack(Jms jms) throws Exception {
        long delay = 700;
        try (JMSContext ctx = jms.factory().createContext()) {
            Queue q = ctx.createQueue(Jms.unique("ctx-delay"));
            var c = ctx.createConsumer(q);
            long before = System.currentTimeMillis();
            ctx.createProducer().setDeliveryDelay(delay).send(q, "late");
            Message m = c.receive(Jms.RECEIVE_TIMEOUT);
            long arrived = System.currentTimeMillis();
            assertThat(m).isNotNull();
            assertThat(m.getJMSDeliveryTime()).isGreaterThanOrEqualTo(before + delay);
            assertThat(arrived).isGreaterThanOrEqualTo(before + delay); // a lower bound only: never early
        }
    }
}
