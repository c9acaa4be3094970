package io.tern.examples;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Starts one example by name: {@code examples/run NAME [tern://host:port]}. Without a name (or with an unknown one)
 * it lists them. Each example is a plain class with a {@code main}; this only saves typing its package.
 */
public final class Examples {
    @FunctionalInterface
    interface Program {
        void main(String[] args) throws Exception;
    }

    private record Entry(String what, Program program) {
    }

    private static final Map<String, Entry> EXAMPLES = new LinkedHashMap<>();

    static {
        EXAMPLES.put("orders", new Entry("decoupling: orders and inventory, exactly once across a consumer crash",
                io.tern.examples.orders.OrdersExample::main));
        EXAMPLES.put("registration", new Entry("asynchronous work: a registration returns before its slow mail and SMS senders",
                io.tern.examples.registration.RegistrationExample::main));
        EXAMPLES.put("ordered", new Entry("ordered events: JMSXGroupID = order id, three orderly consumers in parallel",
                io.tern.examples.ordered.OrderedEventsExample::main));
        EXAMPLES.put("flash-sale", new Entry("peak shaving: a burst cut at the backlog limit, workers at the stock system's rate",
                io.tern.examples.flashsale.FlashSaleExample::main));
        EXAMPLES.put("distribution", new Entry("data distribution: three durable subscriptions at their own pace, one replays from a time",
                io.tern.examples.distribution.DistributionExample::main));
        EXAMPLES.put("delayed", new Entry("delayed: each order schedules its cancellation; paying first makes it a no-op",
                io.tern.examples.delayed.DelayedCancellationExample::main));
        EXAMPLES.put("tx-local", new Entry("transactions (a): consume, transform, produce, commit, or neither",
                io.tern.examples.transactions.LocalTransactionExample::main));
        EXAMPLES.put("tx-half", new Entry("transactions (c): half message + database row; the broker asks back when the producer died",
                io.tern.examples.transactions.HalfMessageExample::main));
        EXAMPLES.put("tx-xa", new Entry("transactions (b): XA with Narayana, a database row and a message commit together or not at all",
                io.tern.examples.transactions.XaOrderExample::main));
    }

    private Examples() {
    }

    public static void main(String[] args) throws Exception {
        Entry e = args.length == 0 ? null : EXAMPLES.get(args[0]);
        if (e == null) {
            if (args.length > 0) {
                System.err.println("no example named '" + args[0] + "'");
            }
            System.err.println("usage: examples/run NAME [tern://host:port]   (default tern://127.0.0.1:9876, ./tern standalone)");
            EXAMPLES.forEach((name, entry) -> System.err.printf("  %-13s %s%n", name, entry.what()));
            System.exit(2);
        }
        String[] rest = new String[args.length - 1];
        System.arraycopy(args, 1, rest, 0, rest.length);
        e.program().main(rest);
        System.exit(0); // the JMS client's threads are not daemons everywhere; the example is over
    }
}
