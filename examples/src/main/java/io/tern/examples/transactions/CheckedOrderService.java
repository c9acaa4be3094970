package io.tern.examples.transactions;

import io.tern.client.OutgoingMessage;
import io.tern.client.Producer;
import io.tern.client.Transaction;
import io.tern.client.TransactionResolution;
import io.tern.examples.support.Database;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An order service on the native <b>half-message transaction with check-back</b> (RocketMQ's transactional
 * message): send the {@code order-created} event as a half message (stored, invisible), write the order row in a
 * local database transaction <i>together with the broker's transaction id</i>, then commit or roll back the message.
 * If the producer dies before deciding, the broker asks a live member of the producer group; it answers from the
 * database: the row exists, COMMIT; no row, ROLLBACK. So the event is delivered exactly when the order exists.
 * Thread-safe (the producer is; the database is per call).
 */
public final class CheckedOrderService implements AutoCloseable {
    static final String TOPIC = "order-created";
    static final String GROUP = "order-service";

    private final Database db;
    private final Producer producer;
    private final Set<String> asked = ConcurrentHashMap.newKeySet();

    /** {@code db} is the order database shared by every instance of the service (the group's common truth). */
    public CheckedOrderService(String nameServers, Database db) {
        this.db = db;
        this.producer = Producer.builder().nameServers(nameServers).group(GROUP).transactionChecker(this::check).build();
    }

    public static Database newDatabase() {
        return new Database("orders", "create table orders (id varchar(64) primary key, tx_id varchar(200) not null)");
    }

    /** The broker's check-back: the order row decides. */
    private TransactionResolution check(String txId) {
        asked.add(txId);
        return db.queryLong("select count(*) from orders where tx_id = ?", txId) == 1 ? TransactionResolution.COMMIT
                : TransactionResolution.ROLLBACK;
    }

    /** How the call ends: normally, or the process dies after the database commit and before deciding. */
    public enum Ending { DECIDE, DIE_BEFORE_DECIDING }

    /** Places the order; returns the transaction id. A failing database write rolls the message back. */
    public String placeOrder(String orderId, Ending ending) {
        Transaction tx = producer.beginTransaction();
        tx.send(OutgoingMessage.to(TOPIC).key(orderId).body(orderId).build());
        try (Connection c = db.connect(); PreparedStatement ps = c.prepareStatement("insert into orders values (?, ?)")) {
            ps.setString(1, orderId);
            ps.setString(2, tx.id());
            ps.executeUpdate();
        } catch (SQLException e) {
            tx.rollback();
            throw new IllegalStateException("order " + orderId + " not stored (" + e.getMessage() + "): its event is rolled back", e);
        }
        if (ending == Ending.DECIDE) {
            tx.commit();
        }
        return tx.id();
    }

    /** The transaction ids the broker asked this instance about. */
    public Set<String> checkedBack() {
        return Set.copyOf(asked);
    }

    @Override
    public void close() {
        producer.close();
    }
}
