package io.tern.examples.delayed;

import io.tern.examples.EmbeddedTern;
import io.tern.jms.TernConnectionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The delayed cancellation against an embedded broker with a 2 s delay: every order gets exactly one cancellation,
 * none handled before its delivery time; the unpaid orders end CANCELLED, the paid ones PAID.
 */
class DelayedCancellationExampleTest {
    static EmbeddedTern tern;

    @BeforeAll
    static void start() {
        tern = new EmbeddedTern();
    }

    @AfterAll
    static void stop() {
        tern.close();
    }

    @Test
    void unpaidOrdersAreCancelledAndPaidOnesAreNot() throws Exception {
        DelayedCancellationExample.Outcome o = DelayedCancellationExample.run(new TernConnectionFactory(tern.url()), 10,
                Duration.ofSeconds(2), new PrintStream(OutputStream.nullOutputStream()));

        assertThat(o.handled()).extracting(UnpaidOrderCanceller.Handled::orderId).containsExactlyInAnyOrderElementsOf(o.orders());
        assertThat(o.paid()).hasSize(5); // paid at once, long before 2 s: every even one
        for (int i = 0; i < o.orders().size(); i++) {
            String id = o.orders().get(i);
            assertThat(o.statuses().get(i)).as(id).isEqualTo(o.paid().contains(id) ? "PAID" : "CANCELLED");
        }
        assertThat(o.handled()).allSatisfy(h -> {
            assertThat(h.cancelled()).isEqualTo(!o.paid().contains(h.orderId()));
            assertThat(h.handledAt()).as("never before its delivery time").isGreaterThanOrEqualTo(h.deliveryTime());
        });
    }
}
