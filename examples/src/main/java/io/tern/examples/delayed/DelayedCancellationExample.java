package io.tern.examples.delayed;

import io.tern.examples.support.Url;
import io.tern.jms.TernConnectionFactory;
import jakarta.jms.ConnectionFactory;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * <b>Delayed: cancel unpaid orders.</b> Each order schedules its own cancellation for later (30 minutes in a shop; 10
 * seconds here, so you can watch); every other order is paid at once. When the cancellations come due, the unpaid
 * orders are cancelled and the paid ones are left alone.
 *
 * <p>Run: {@code ./tern standalone} in one terminal, {@code examples/run delayed} in another.
 */
public final class DelayedCancellationExample {
    /** What happened: the orders, the ones paid, and each order's status at the end. */
    public record Outcome(List<String> orders, List<String> paid, List<UnpaidOrderCanceller.Handled> handled, List<String> statuses) {
    }

    public static void main(String[] args) throws Exception {
        run(new TernConnectionFactory(Url.from(args)), 6, Duration.ofSeconds(10), System.out);
    }

    public static Outcome run(ConnectionFactory factory, int orders, Duration payWithin, PrintStream out) throws Exception {
        List<String> ids = new ArrayList<>();
        List<String> paid = new ArrayList<>();
        try (UnpaidOrderCanceller shop = new UnpaidOrderCanceller(factory, payWithin)) {
            for (int i = 0; i < orders; i++) {
                String id = "order-" + UUID.randomUUID().toString().substring(0, 8);
                shop.placeOrder(id);
                ids.add(id);
                out.println(Instant.now() + " shop: placed " + id + ", cancelled in " + payWithin.toSeconds() + " s unless paid");
                if (i % 2 == 0 && shop.pay(id)) {
                    paid.add(id);
                    out.println(Instant.now() + " shop: " + id + " paid");
                }
            }
            // The canceller is its own service: started after the shop's burst (in a shop it runs all along), it still sees
            // each cancellation only when due, and no payment here can race a cancellation on a stalled machine.
            shop.startCanceller(factory, out);
            shop.handledCount().awaitAtLeast(orders, payWithin.plusSeconds(60));
            List<String> statuses = ids.stream().map(shop::status).toList();
            return new Outcome(ids, paid, shop.handled(), statuses);
        }
    }
}
