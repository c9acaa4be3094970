package io.tern.tck.producer;

import io.tern.tck.harness.Jms;
import io.tern.tck.harness.TernExtension;
import jakarta.jms.CompletionListener;
import jakarta.jms.Connection;
import jakarta.jms.Message;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * JMS 3.1 section 7.3: an asynchronous send returns at once; its CompletionListener is called after the broker's
 * answer, on a thread of the provider, in the order of the sends; close waits for pending completions.
 */
@ExtendWith(TernExtension.class)
class AsyncSendCallsCompletionListenerInSendOrderTest {
    @Test
    void completionsComeInSendOrderOnAProviderThread(Jms jms) throws Exception {
        int n = 200;
        List<String> order = new CopyOnWriteArrayList<>();
        List<String> threads = new CopyOnWriteArrayList<>();
        List<String> ids = new CopyOnWriteArrayList<>();
        Connection c = jms.started();
        Session s = c.createSession();
        Queue q = s.createQueue(Jms.unique("async"));
        Queue other = s.createQueue(Jms.unique("async-other"));
        MessageProducer p = s.createProducer(null);
        CompletionListener l = new CompletionListener() {
            @Override
            public void onCompletion(Message m) {
                try {
                    order.add(m.getStringProperty("n"));
                    ids.add(m.getJMSMessageID());
                } catch (Exception e) {
                    order.add("error " + e);
                }
                threads.add(Thread.currentThread().getName());
            }

            @Override
            public void onException(Message m, Exception e) {
                order.add("failed " + e);
            }
        };
        for (int i = 0; i < n; i++) {
            Message m = s.createTextMessage("m" + i);
            m.setStringProperty("n", Integer.toString(i));
            p.send(i % 3 == 0 ? other : q, m, l); // two destinations: answers may come out of order, completions may not
        }
        s.close(); // waits for the pending completions
        assertThat(order).containsExactlyElementsOf(IntStream.range(0, n).mapToObj(Integer::toString).toList());
        assertThat(ids).allMatch(id -> id.startsWith("ID:")).doesNotHaveDuplicates();
        assertThat(threads).noneMatch(t -> t.equals(Thread.currentThread().getName()));
        c.close();
    }

    /**
     * JMS 3.1 section 6.2.9: what one session sends to a destination reaches its consumer in send order, async sends
     * included (they are pipelined: each does not wait for the one before it), and a synchronous send after them comes
     * last. New destinations on purpose: the first sends to a topic no broker knows yet are the ones a broker creates
     * the topic for, off its usual in-order path.
     */
    @Test
    void asyncSendsOfOneSessionAreStoredInSendOrderPerDestination(Jms jms) throws Exception {
        int n = 300;
        try (Connection c = jms.started()) {
            Session s = c.createSession();
            Queue a = s.createQueue(Jms.unique("async-order-a"));
            Queue b = s.createQueue(Jms.unique("async-order-b"));
            MessageProducer p = s.createProducer(null);
            List<Exception> failures = new CopyOnWriteArrayList<>();
            CompletionListener l = new CompletionListener() {
                @Override
                public void onCompletion(Message m) {
                }

                @Override
                public void onException(Message m, Exception e) {
                    failures.add(e);
                }
            };
            for (int i = 0; i < n; i++) {
                Message m = s.createTextMessage("m" + i);
                m.setIntProperty("n", i);
                p.send(i % 2 == 0 ? a : b, m, l);
            }
            p.send(a, s.createTextMessage("sync"));
            p.send(b, s.createTextMessage("sync"));
            Session reading = c.createSession();
            for (Queue q : List.of(a, b)) {
                int first = q == a ? 0 : 1;
                List<String> expected = new java.util.ArrayList<>(IntStream.iterate(first, i -> i < n, i -> i + 2).mapToObj(i -> "m" + i).toList());
                expected.add("sync");
                List<String> got = new java.util.ArrayList<>();
                for (Message m : Jms.receive(reading.createConsumer(q), expected.size())) {
                    got.add(((jakarta.jms.TextMessage) m).getText());
                }
                assertThat(got).as("what the session sent to %s, in send order", q).containsExactlyElementsOf(expected);
            }
            assertThat(failures).isEmpty();
        }
    }

    @Test
    void manyMoreAsyncSendsThanTheTransportCapsWaitInsteadOfFailing(Jms jms) throws Exception {
        int n = 12_000; // the transport refuses more than 10,000 unanswered calls
        List<Exception> failures = new CopyOnWriteArrayList<>();
        java.util.concurrent.atomic.AtomicInteger done = new java.util.concurrent.atomic.AtomicInteger();
        try (Connection c = jms.started()) {
            Session s = c.createSession();
            MessageProducer p = s.createProducer(s.createQueue(Jms.unique("async-many")));
            CompletionListener l = new CompletionListener() {
                @Override
                public void onCompletion(Message m) {
                    done.incrementAndGet();
                }

                @Override
                public void onException(Message m, Exception e) {
                    failures.add(e);
                }
            };
            for (int i = 0; i < n; i++) {
                p.send(s.createTextMessage("m"), l);
            }
            s.close();
        }
        assertThat(failures).isEmpty();
        assertThat(done.get()).isEqualTo(n);
    }

    @Test
    void aFailedSendGoesToOnException(Jms jms) throws Exception {
        try (Connection c = jms.started()) {
            Session s = c.createSession();
            List<Exception> failures = new CopyOnWriteArrayList<>();
            MessageProducer p = s.createProducer(s.createQueue("bad name with spaces and \u0000"));
            p.send(s.createTextMessage("x"), new CompletionListener() {
                @Override
                public void onCompletion(Message m) {
                }

                @Override
                public void onException(Message m, Exception e) {
                    failures.add(e);
                }
            });
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !failures.isEmpty());
            assertThat(failures.get(0)).isInstanceOf(jakarta.jms.JMSException.class);
        }
    }
}
