package io.tern.examples.transactions;

import io.tern.examples.support.Database;
import io.tern.examples.support.Url;
import io.tern.jms.TernConnectionFactory;
import jakarta.jms.JMSConsumer;
import jakarta.jms.JMSContext;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * <b>Transactions (c): the native half-message transaction with check-back.</b> Instance B of the order service
 * places order-0; instance A places order-1 normally, then places order-2 and dies after its database commit, before deciding; a second order-1's
 * database write fails (a duplicate id), so its event is rolled back. Instance B of the same producer group is
 * alive: the broker asks it about order-2 (after {@code txCheckTimeout}, 6 s by default), B finds the row and
 * answers COMMIT. A JMS consumer of {@code order-created} sees order-0, order-1 and order-2, never the duplicate.
 *
 * <p>Run: {@code ./tern standalone} in one terminal, {@code examples/run tx-half} in another (it waits ~6 s for the check).
 */
public final class HalfMessageExample {
    /** What happened: the events delivered, and the transactions instance B was asked about. */
    public record Outcome(List<String> delivered, String diedTxId, java.util.Set<String> checkedByB) {
    }

    public static void main(String[] args) throws Exception {
        Outcome o = run(Url.from(args), System.out);
        System.out.println("delivered: " + o.delivered() + "; the broker asked instance B about " + o.checkedByB());
    }

    public static Outcome run(String url, PrintStream out) throws Exception {
        Database orders = CheckedOrderService.newDatabase();
        String ns = Url.nameServers(url);
        try (JMSContext jms = new TernConnectionFactory(url).createContext();
             CheckedOrderService b = new CheckedOrderService(ns, orders)) {
            JMSConsumer events = jms.createConsumer(jms.createQueue(CheckedOrderService.TOPIC));
            // B serves orders too: a producer becomes known to a broker as a member of its group when it first sends there
            b.placeOrder("order-0", CheckedOrderService.Ending.DECIDE);
            out.println("B: order-0 stored and its event committed");
            String died;
            try (CheckedOrderService a = new CheckedOrderService(ns, orders)) {
                a.placeOrder("order-1", CheckedOrderService.Ending.DECIDE);
                out.println("A: order-1 stored and its event committed");
                died = a.placeOrder("order-2", CheckedOrderService.Ending.DIE_BEFORE_DECIDING);
                out.println("A: order-2 stored, then A DIED before committing its event (transaction " + died + ")");
                try {
                    a.placeOrder("order-1", CheckedOrderService.Ending.DECIDE);
                } catch (IllegalStateException e) {
                    out.println("A: " + e.getMessage());
                }
            }
            List<String> delivered = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                byte[] body = events.receiveBody(byte[].class, 60_000);
                if (body == null) {
                    throw new IllegalStateException("only " + delivered + " arrived within 60 s");
                }
                delivered.add(new String(body, StandardCharsets.UTF_8));
                out.println("consumer: order-created " + delivered.get(i));
            }
            byte[] more = events.receiveBody(byte[].class, 1_000);
            if (more != null) {
                delivered.add(new String(more, StandardCharsets.UTF_8));
            }
            return new Outcome(delivered, died, b.checkedBack());
        }
    }
}
