package io.tern.examples.transactions;

import io.tern.examples.EmbeddedTern;
import io.tern.jms.TernConnectionFactory;
import jakarta.jms.JMSContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The local-transaction example: a rolled-back attempt leaves neither its send nor its receive; every order priced once. */
class LocalTransactionExampleTest {
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
    void consumeTransformProduceCommitsBothOrNeither() throws Exception {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        TernConnectionFactory factory = new TernConnectionFactory(tern.url());
        List<String> priced = LocalTransactionExample.run(factory, 8, new PrintStream(log, true, StandardCharsets.UTF_8));

        assertThat(priced).containsExactlyInAnyOrder("order-1 x 1 = 250 cents", "order-2 x 2 = 500 cents", "order-3 x 3 = 750 cents",
                "order-4 x 4 = 1000 cents", "order-5 x 5 = 1250 cents", "order-6 x 6 = 1500 cents", "order-7 x 7 = 1750 cents",
                "order-8 x 8 = 2000 cents");
        assertThat(log.toString(StandardCharsets.UTF_8)).contains("order-3 x 3 FAILED after sending", "order-3 x 3 (redelivered) priced");
        try (JMSContext c = factory.createContext()) {
            assertThat(c.createConsumer(c.createQueue(PricingStep.OUT)).receive(300)).as("no second priced order-3").isNull();
            assertThat(c.createConsumer(c.createQueue(PricingStep.IN)).receive(300)).as("every order consumed").isNull();
        }
    }
}
