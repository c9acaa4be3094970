package io.tern.tck.connection;

import io.tern.tck.harness.Jms;
import io.tern.tck.harness.TernExtension;
import jakarta.jms.Connection;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * JMS 3.1 sections 6.1.4 and 6.1.8: Connection.stop and close return only once the message listeners that are running
 * have returned.
 */
@ExtendWith(TernExtension.class)
class StopAndCloseWaitForARunningListenerTest {
    @Test
    void stopWaitsForOnMessage(Jms jms) throws Exception {
        check(jms, false);
    }

    @Test
    void closeWaitsForOnMessage(Jms jms) throws Exception {
        check(jms, true);
    }

    private static void check(Jms jms, boolean close) throws Exception {
        Connection c = jms.started();
        try {
            Session s = c.createSession();
            Queue q = s.createQueue(Jms.unique("busy"));
            CountDownLatch entered = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            AtomicBoolean returned = new AtomicBoolean();
            MessageConsumer consumer = s.createConsumer(q);
            consumer.setMessageListener(m -> {
                entered.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                returned.set(true);
            });
            s.createProducer(q).send(s.createTextMessage("slow"));
            assertThat(entered.await(Jms.RECEIVE_TIMEOUT, TimeUnit.MILLISECONDS)).isTrue();
            CompletableFuture<Boolean> call = CompletableFuture.supplyAsync(() -> {
                try {
                    if (close) {
                        c.close();
                    } else {
                        c.stop();
                    }
                    return returned.get(); // must be true: the listener had returned before stop/close did
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });
            release.countDown();
            assertThat(call.get(Jms.RECEIVE_TIMEOUT, TimeUnit.MILLISECONDS)).isTrue();
        } finally {
            c.close();
        }
    }
}
