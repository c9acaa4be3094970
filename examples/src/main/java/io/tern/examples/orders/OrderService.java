package io.tern.examples.orders;

import io.tern.examples.support.Database;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSProducer;
import jakarta.jms.MapMessage;
import jakarta.jms.Queue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * Takes orders: writes each to its own database, then sends an {@code order-placed} event to a queue. It never calls
 * the inventory service and does not know whether it runs: the queue keeps the event until someone takes it.
 * (The row and the event are two steps: a crash between them loses the event. The transactions examples show how to
 * make them one.) Thread rule: one thread at a time (a JMSContext is single-threaded).
 */
public final class OrderService implements AutoCloseable {
    static final String QUEUE = "order-placed";

    private final Database db = new Database("orders",
            "create table orders (id varchar(64) primary key, sku varchar(32) not null, quantity int not null)");
    private final JMSContext context;
    private final JMSProducer producer;
    private final Queue queue;

    public OrderService(ConnectionFactory factory) {
        this.context = factory.createContext();
        this.producer = context.createProducer();
        this.queue = context.createQueue(QUEUE);
    }

    /** Stores the order and announces it; returns once the broker has the event (the inventory may be down). */
    public void placeOrder(String orderId, String sku, int quantity) throws Exception {
        try (Connection c = db.connect(); PreparedStatement ps = c.prepareStatement("insert into orders values (?, ?, ?)")) {
            ps.setString(1, orderId);
            ps.setString(2, sku);
            ps.setInt(3, quantity);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("order " + orderId + " not stored: " + e.getMessage(), e);
        }
        MapMessage event = context.createMapMessage();
        event.setString("orderId", orderId);
        event.setString("sku", sku);
        event.setInt("quantity", quantity);
        producer.send(queue, event);
    }

    public long ordersStored() {
        return db.queryLong("select count(*) from orders");
    }

    @Override
    public void close() {
        context.close();
    }
}
