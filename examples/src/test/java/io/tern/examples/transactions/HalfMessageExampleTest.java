package io.tern.examples.transactions;

import io.tern.examples.EmbeddedTern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The half-message example against a broker that checks back after 300 ms: the order whose producer died is
 * committed by the check-back to the live instance, the order whose database write failed is never delivered.
 */
class HalfMessageExampleTest {
    static EmbeddedTern tern;

    @BeforeAll
    static void start() {
        tern = new EmbeddedTern(b -> b.transactions(t -> t.withCheckTimeout(Duration.ofMillis(300)).withCheckInterval(Duration.ofMillis(200))));
    }

    @AfterAll
    static void stop() {
        tern.close();
    }

    @Test
    void theBrokerAsksBackAndTheDatabaseDecides() throws Exception {
        HalfMessageExample.Outcome o = HalfMessageExample.run(tern.url(), new PrintStream(OutputStream.nullOutputStream()));

        assertThat(o.delivered()).as("order-0 and order-1 committed, order-2 by check-back, the duplicate order-1 rolled back")
                .containsExactlyInAnyOrder("order-0", "order-1", "order-2");
        assertThat(o.checkedByB()).contains(o.diedTxId());
    }
}
