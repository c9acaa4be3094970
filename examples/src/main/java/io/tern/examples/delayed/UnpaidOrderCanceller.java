package io.tern.examples.delayed;

import io.tern.examples.support.Counter;
import io.tern.examples.support.Database;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSContext;
import jakarta.jms.Message;

import java.io.PrintStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Orders that cancel themselves when unpaid: placing an order writes it UNPAID and sends a cancellation with a
 * delivery delay ({@code setDeliveryDelay}, the broker's timer holds it); paying sets it PAID. When the cancellation
 * comes due, the canceller cancels the order only if it is still UNPAID, so a paid order's cancellation is a no-op
 * and nothing needs to be "unscheduled". Thread rules: place/pay from one thread; the listener on the JMS delivery thread.
 */
public final class UnpaidOrderCanceller implements AutoCloseable {
    static final String QUEUE = "order-cancellations";

    /** One cancellation as the canceller handled it. */
    public record Handled(String orderId, boolean cancelled, long deliveryTime, long handledAt) {
    }

    private final Database db = new Database("shop", "create table orders (id varchar(64) primary key, status varchar(16) not null)");
    private final JMSContext producerContext;
    private final Duration payWithin;
    private final List<Handled> handled = new CopyOnWriteArrayList<>();
    private final Counter handledCount = new Counter("cancellations handled");
    private JMSContext consumerContext;

    public UnpaidOrderCanceller(ConnectionFactory factory, Duration payWithin) {
        this.producerContext = factory.createContext();
        this.payWithin = payWithin;
    }

    public void placeOrder(String orderId) throws Exception {
        update("insert into orders values (?, 'UNPAID')", orderId);
        producerContext.createProducer().setDeliveryDelay(payWithin.toMillis()).send(producerContext.createQueue(QUEUE), orderId);
    }

    /** True if the order was paid; false if it was cancelled first. */
    public boolean pay(String orderId) throws Exception {
        return update("update orders set status = 'PAID' where id = ? and status = 'UNPAID'", orderId) == 1;
    }

    /** Starts taking cancellations as they come due. */
    public void startCanceller(ConnectionFactory factory, PrintStream out) {
        consumerContext = factory.createContext();
        consumerContext.createConsumer(consumerContext.createQueue(QUEUE)).setMessageListener(m -> {
            try {
                String id = m.getBody(String.class);
                boolean cancelled = update("update orders set status = 'CANCELLED' where id = ? and status = 'UNPAID'", id) == 1;
                handled.add(new Handled(id, cancelled, m.getJMSDeliveryTime(), System.currentTimeMillis()));
                out.println(Instant.now() + " canceller: " + id + (cancelled ? " unpaid: CANCELLED" : " was paid: nothing to do"));
                handledCount.increment();
            } catch (Exception e) {
                throw new IllegalStateException("cancellation " + m + " failed", e); // delivered again
            }
        });
    }

    private int update(String sql, String id) throws Exception {
        try (Connection c = db.connect(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, id);
            return ps.executeUpdate();
        }
    }

    public String status(String orderId) {
        return db.queryLong("select count(*) from orders where id = ? and status = 'PAID'", orderId) == 1 ? "PAID"
                : db.queryLong("select count(*) from orders where id = ? and status = 'CANCELLED'", orderId) == 1 ? "CANCELLED" : "UNPAID";
    }

    public List<Handled> handled() {
        return List.copyOf(handled);
    }

    public Counter handledCount() {
        return handledCount;
    }

    @Override
    public void close() {
        if (consumerContext != null) {
            consumerContext.close();
        }
        producerContext.close();
    }
}
