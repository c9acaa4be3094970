package io.tern.examples.transactions;

import io.tern.examples.support.Url;
import io.tern.jms.TernConnectionFactory;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSConsumer;
import jakarta.jms.JMSContext;
import jakarta.jms.Queue;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * <b>Transactions (a): JMS local transaction.</b> Orders are priced in a consume-transform-produce step that
 * commits its receive and its send together; the third order's first attempt fails after its send, is rolled back,
 * and is priced on its second delivery. Every order is priced exactly once.
 *
 * <p>Run: {@code ./tern standalone} in one terminal, {@code examples/run tx-local} in another.
 */
public final class LocalTransactionExample {
    public static void main(String[] args) throws Exception {
        List<String> priced = run(new TernConnectionFactory(Url.from(args)), 5, System.out);
        System.out.println("priced orders: " + priced);
    }

    /** Sends {@code orders} orders, prices them (failing once), returns the priced orders as the next step reads them. */
    public static List<String> run(ConnectionFactory factory, int orders, PrintStream log) throws Exception {
        try (JMSContext plain = factory.createContext()) {
            Queue in = plain.createQueue(PricingStep.IN);
            JMSConsumer reader = plain.createConsumer(plain.createQueue(PricingStep.OUT));
            for (int i = 1; i <= orders; i++) {
                plain.createProducer().send(in, "order-" + i + " x " + i);
            }
            AtomicBoolean failedOnce = new AtomicBoolean();
            try (PricingStep step = new PricingStep(factory)) {
                int committed = 0;
                while (committed < orders) {
                    boolean[] failed = {false};
                    if (!step.processOne(10_000, text -> failed[0] = text.startsWith("order-3 ") && failedOnce.compareAndSet(false, true), log)) {
                        throw new IllegalStateException("no order came within 10 s; priced " + committed + " of " + orders);
                    }
                    committed += failed[0] ? 0 : 1;
                }
            }
            List<String> priced = new ArrayList<>();
            for (int i = 0; i < orders; i++) {
                String p = reader.receiveBody(String.class, 10_000);
                if (p == null) {
                    throw new IllegalStateException("only " + priced.size() + " priced orders arrived: " + priced);
                }
                priced.add(p);
            }
            return priced;
        }
    }
}
