package io.tern.tck.connection;

import io.tern.tck.harness.Jms;
import io.tern.tck.harness.TernExtension;
import jakarta.jms.Connection;
import jakarta.jms.IllegalStateException;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * JMS 3.1 sections 6.1.8, 6.2.15 and 7.3.8: a MessageListener or CompletionListener must not close or stop its own
 * connection or close its own session; doing so is an IllegalStateException (it would wait for itself).
 */
@ExtendWith(TernExtension.class)
class CloseFromOwnListenerIsIllegalTest {
    @Test
    void closingOrStoppingFromOnMessageIsRefused(Jms jms) throws Exception {
        try (Connection c = jms.started()) {
            Session s = c.createSession();
            Queue q = s.createQueue(Jms.unique("self-close"));
            CompletableFuture<String> outcome = new CompletableFuture<>();
            s.createConsumer(q).setMessageListener(m -> outcome.complete(attempt(() -> c.close()) + "," + attempt(() -> c.stop()) + ","
                    + attempt(() -> s.close())));
            s.createProducer(q).send(s.createTextMessage("x"));
            assertThat(outcome.get(Jms.RECEIVE_TIMEOUT, TimeUnit.MILLISECONDS)).isEqualTo("refused,refused,refused");
        }
    }

    @Test
    void closingFromACompletionListenerIsRefused(Jms jms) throws Exception {
        try (Connection c = jms.started()) {
            Session s = c.createSession();
            Queue q = s.createQueue(Jms.unique("self-close-cl"));
            MessageProducer p = s.createProducer(q);
            CompletableFuture<String> outcome = new CompletableFuture<>();
            p.send(s.createTextMessage("x"), new jakarta.jms.CompletionListener() {
                @Override
                public void onCompletion(jakarta.jms.Message message) {
                    outcome.complete(attempt(() -> c.close()) + "," + attempt(() -> s.close()) + "," + attempt(() -> p.close()));
                }

                @Override
                public void onException(jakarta.jms.Message message, Exception exception) {
                    outcome.completeExceptionally(exception);
                }
            });
            assertThat(outcome.get(Jms.RECEIVE_TIMEOUT, TimeUnit.MILLISECONDS)).isEqualTo("refused,refused,refused");
        }
    }

    interface Call {
        void run() throws Exception;
    }

    static String attempt(Call call) {
        try {
            call.run();
            return "allowed";
        } catch (IllegalStateException e) {
            return "refused";
        } catch (Exception e) {
            return e.getClass().getSimpleName();
        }
    }
}
