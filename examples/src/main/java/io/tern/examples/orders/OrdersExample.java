package io.tern.examples.orders;

import io.tern.examples.support.Counter;
import io.tern.examples.support.Url;
import io.tern.jms.TernConnectionFactory;
import jakarta.jms.ConnectionFactory;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * <b>Decoupling: orders and inventory.</b> The order service sends each order as an event to a queue; the inventory
 * service reserves stock from it. The inventory service "crashes" in the middle (after reserving an order, before
 * acknowledging it) and is down while more orders come in: not one order fails, they wait in the queue. Restarted,
 * it catches up, gets the unacknowledged message again, recognises its message id and skips it, so every order is
 * reserved exactly once.
 *
 * <p>Run: {@code ./tern standalone} in one terminal, {@code examples/run orders} in another.
 */
public final class OrdersExample {
    static final String[] SKUS = {"apple", "pear", "plum"};
    static final int UNITS = 1_000_000;
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    /** What happened: the orders placed and how the inventory handled them. */
    public record Outcome(List<String> orderIds, long reservedOnce, long reservedTwiceOrMore, long duplicatesSkipped, long unitsReserved) {
    }

    public static void main(String[] args) throws Exception {
        Outcome o = run(new TernConnectionFactory(Url.from(args)), 30, System.out);
        System.out.printf("%d orders, %d reserved exactly once, %d reserved twice, %d redelivered duplicate(s) skipped%n",
                o.orderIds().size(), o.reservedOnce(), o.reservedTwiceOrMore(), o.duplicatesSkipped());
    }

    /** Places {@code orders} orders in three waves around an inventory crash and a restart. */
    public static Outcome run(ConnectionFactory factory, int orders, PrintStream out) throws Exception {
        Inventory inventory = new Inventory(UNITS, SKUS);
        Counter reserved = new Counter("orders reserved");
        Counter duplicates = new Counter("redelivered duplicates skipped");
        List<String> ids = new ArrayList<>();
        try (OrderService shop = new OrderService(factory)) {
            InventoryService first = new InventoryService(factory, inventory, reserved, duplicates, out);
            first.start();
            place(shop, ids, orders / 3, out);
            reserved.awaitAtLeast(ids.size(), PATIENCE);

            first.crashAfterNextReservation();
            place(shop, ids, 1, out);
            first.awaitStopped();
            out.println("inventory: DOWN; the shop goes on taking orders");
            place(shop, ids, orders / 3, out);

            out.println("inventory: restarted");
            InventoryService second = new InventoryService(factory, inventory, reserved, duplicates, out);
            second.start();
            place(shop, ids, orders - ids.size(), out);
            reserved.awaitAtLeast(ids.size(), PATIENCE);
            duplicates.awaitAtLeast(1, PATIENCE); // the message the crash left unacknowledged
            second.stop();
        }
        return outcome(inventory, ids, duplicates.get());
    }

    private static void place(OrderService shop, List<String> ids, int n, PrintStream out) throws Exception {
        for (int i = 0; i < n; i++) {
            String id = "order-" + UUID.randomUUID().toString().substring(0, 8);
            String sku = SKUS[ids.size() % SKUS.length];
            shop.placeOrder(id, sku, 1 + ids.size() % 3);
            ids.add(id);
            out.println("shop: placed " + id + " (" + sku + ")");
        }
    }

    private static Outcome outcome(Inventory inventory, List<String> ids, long duplicates) {
        long once = 0;
        long more = 0;
        for (String id : ids) {
            long n = inventory.reservationsOf(id);
            once += n == 1 ? 1 : 0;
            more += n > 1 ? 1 : 0;
        }
        long units = 0;
        for (String sku : SKUS) {
            units += UNITS - inventory.available(sku);
        }
        return new Outcome(List.copyOf(ids), once, more, duplicates, units);
    }
}
