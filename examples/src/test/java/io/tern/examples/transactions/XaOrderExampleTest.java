package io.tern.examples.transactions;

import io.tern.examples.EmbeddedTern;
import io.tern.jms.TernXAConnectionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.OutputStream;
import java.io.PrintStream;

import static org.assertj.core.api.Assertions.assertThat;

/** The XA example with Narayana: the committed orders have a row and an event, the rolled-back one neither. */
class XaOrderExampleTest {
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
    void theRowAndTheMessageCommitTogetherOrNotAtAll() throws Exception {
        XaOrderExample.Outcome o = XaOrderExample.run(new TernXAConnectionFactory(tern.url()), tern.url(),
                new PrintStream(OutputStream.nullOutputStream()));

        assertThat(o.rows()).containsExactly("order-1", "order-3");
        assertThat(o.events()).containsExactlyInAnyOrder("order-1", "order-3");
    }
}
