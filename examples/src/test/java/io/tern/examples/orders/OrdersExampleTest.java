package io.tern.examples.orders;

import io.tern.examples.EmbeddedTern;
import io.tern.jms.TernConnectionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** The orders example against an embedded broker: a consumer crash and restart in the middle, every order reserved once. */
class OrdersExampleTest {
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
    void everyOrderIsReservedExactlyOnceAcrossAnInventoryCrash() throws Exception {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        OrdersExample.Outcome o = OrdersExample.run(new TernConnectionFactory(tern.url()), 60,
                new PrintStream(log, true, StandardCharsets.UTF_8));

        assertThat(o.orderIds()).hasSize(60).doesNotHaveDuplicates();
        assertThat(o.reservedOnce()).as("orders reserved exactly once").isEqualTo(60);
        assertThat(o.reservedTwiceOrMore()).isZero();
        assertThat(o.duplicatesSkipped()).as("the message left unacknowledged by the crash came back and was skipped").isEqualTo(1);
        long units = 0;
        for (int i = 0; i < 60; i++) {
            units += 1 + i % 3; // the quantities the example orders
        }
        assertThat(o.unitsReserved()).isEqualTo(units);
        assertThat(log.toString(StandardCharsets.UTF_8)).contains("CRASHED before acknowledging", "already reserved, skipped");
    }

    @Test
    void aMessageHandledTwiceReservesOnce() throws Exception {
        Inventory inventory = new Inventory(10, "apple");
        assertThat(inventory.reserve("ID:1", "o-1", "apple", 3)).isTrue();
        assertThat(inventory.reserve("ID:1", "o-1", "apple", 3)).as("same message id").isFalse();
        assertThat(inventory.reservationsOf("o-1")).isEqualTo(1);
        assertThat(inventory.available("apple")).isEqualTo(7);
    }
}
