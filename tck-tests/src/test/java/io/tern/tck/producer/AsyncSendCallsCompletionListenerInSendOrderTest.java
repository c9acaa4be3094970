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
