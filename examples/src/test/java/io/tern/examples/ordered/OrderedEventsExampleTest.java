package io.tern.examples.ordered;

import io.tern.examples.EmbeddedTern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.OutputStream;
import java.io.PrintStream;

import static org.assertj.core.api.Assertions.assertThat;

/** Ordered events against an embedded broker: 40 interleaved orders, three orderly consumers, each order in order. */
class OrderedEventsExampleTest {
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
    void eachOrdersEventsAreProcessedInOrderByConsumersInParallel() throws Exception {
        OrderedEventsExample.Outcome o = OrderedEventsExample.run(tern.url(), 40, 3, new PrintStream(OutputStream.nullOutputStream()));

        assertThat(o.stepsByOrder()).hasSize(40);
        assertThat(o.stepsByOrder()).allSatisfy((order, steps) -> assertThat(steps).as(order).isEqualTo(OrderedEventsExample.STEPS));
        assertThat(o.processedByConsumer()).as("every consumer took part").allSatisfy(n -> assertThat(n).isPositive());
        assertThat(o.processedByConsumer().stream().mapToInt(Integer::intValue).sum()).isEqualTo(160);
    }
}
