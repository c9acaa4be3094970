package io.tern.examples.orders;

import io.tern.examples.support.Counter;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import jakarta.jms.MapMessage;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;

import java.io.PrintStream;
import java.util.concurrent.CountDownLatch;

/**
 * Reserves stock for each {@code order-placed} event. It is <b>idempotent by message id</b>: the id of every message
 * it has handled is written in the same database transaction as the reservation, so a message delivered again (the
 * service died after its database commit and before its acknowledgement) is recognised and skipped. A queue
 * delivers at least once; the consumer makes the effect exactly once.
 *
 * <p>One thread receives and handles messages one at a time, in CLIENT_ACKNOWLEDGE mode: a message is acknowledged
 * only after its reservation is committed. {@link #crashAfterNextReservation()} makes that thread stop between the
 * two, as a crash would. Thread rules: {@code start}/{@code stop} from the owner's thread; the counters from any.
 */
public final class InventoryService {
    private final ConnectionFactory factory;
    private final Inventory inventory;
    private final PrintStream out;
    private final Counter reserved;
    private final Counter duplicates;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean running = true;
    private volatile boolean crashAfterNext;
    private Thread thread;

    /** {@code inventory} is the service's database; it outlives this instance, as a real one outlives a restart. */
    public InventoryService(ConnectionFactory factory, Inventory inventory, Counter reserved, Counter duplicates, PrintStream out) {
        this.factory = factory;
        this.inventory = inventory;
        this.reserved = reserved;
        this.duplicates = duplicates;
        this.out = out;
    }

    public void start() throws JMSException {
        Connection connection = factory.createConnection();
        Session session = connection.createSession(Session.CLIENT_ACKNOWLEDGE);
        MessageConsumer consumer = session.createConsumer(session.createQueue(OrderService.QUEUE));
        connection.start();
        thread = new Thread(() -> consume(connection, consumer), "inventory");
        thread.start();
    }

    private void consume(Connection connection, MessageConsumer consumer) {
        try (connection) {
            while (running) {
                Message m = consumer.receive(200); // short, so that stop() is seen soon
                if (m != null && handle((MapMessage) m)) {
                    return; // "crashed": closing the connection without acknowledging gives the message back
                }
            }
        } catch (Exception e) {
            out.println("inventory: failed: " + e);
        } finally {
            stopped.countDown();
        }
    }

    /** Handles one event; true if the service "crashes" after it (the message stays unacknowledged). */
    private boolean handle(MapMessage m) throws Exception {
        String orderId = m.getString("orderId");
        boolean fresh = inventory.reserve(m.getJMSMessageID(), orderId, m.getString("sku"), m.getInt("quantity"));
        if (!fresh) {
            out.println("inventory: " + orderId + " again (" + m.getJMSMessageID() + ", redelivered=" + m.getJMSRedelivered()
                    + "): already reserved, skipped");
            m.acknowledge();
            duplicates.increment();
            return false;
        }
        if (crashAfterNext) {
            out.println("inventory: reserved " + orderId + " and CRASHED before acknowledging it");
            reserved.increment();
            return true;
        }
        m.acknowledge();
        out.println("inventory: reserved " + orderId);
        reserved.increment();
        return false;
    }

    /** The next reservation is committed and its message left unacknowledged; then the service stops. */
    public void crashAfterNextReservation() {
        crashAfterNext = true;
    }

    /** Stops after the message in hand (acknowledged) and waits for the service's thread to end. */
    public void stop() throws InterruptedException {
        running = false;
        awaitStopped();
    }

    public void awaitStopped() throws InterruptedException {
        stopped.await();
        thread.join();
    }
}
