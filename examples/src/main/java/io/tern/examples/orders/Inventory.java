package io.tern.examples.orders;

import io.tern.examples.support.Database;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * The inventory service's database: stock per SKU, reservations, and the ids of the messages already handled.
 * Thread-safe (each call is its own database transaction).
 */
public final class Inventory {
    private final Database db = new Database("inventory",
            "create table stock (sku varchar(32) primary key, available int not null)",
            "create table reservations (order_id varchar(64) not null, sku varchar(32) not null, quantity int not null)",
            "create table handled_messages (message_id varchar(64) primary key)");

    public Inventory(int unitsPerSku, String... skus) {
        for (String sku : skus) {
            update("insert into stock values (?, ?)", sku, unitsPerSku);
        }
    }

    /**
     * Reserves {@code quantity} of {@code sku} for the order, once per message id: false (and nothing changed) if this
     * message was handled before. The id and the reservation commit together, so neither exists without the other.
     */
    public boolean reserve(String messageId, String orderId, String sku, int quantity) throws SQLException {
        try (Connection c = db.connect()) {
            c.setAutoCommit(false);
            try {
                if (!markHandled(c, messageId)) {
                    c.rollback();
                    return false;
                }
                execute(c, "update stock set available = available - ? where sku = ?", quantity, sku);
                execute(c, "insert into reservations values (?, ?, ?)", orderId, sku, quantity);
                c.commit();
                return true;
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        }
    }

    /** Inserts the message id; false if it is there already (its primary key refuses it: SQLState 23505). */
    private static boolean markHandled(Connection c, String messageId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("insert into handled_messages values (?)")) {
            ps.setString(1, messageId);
            ps.executeUpdate();
            return true;
        } catch (SQLException e) {
            if ("23505".equals(e.getSQLState())) {
                return false;
            }
            throw e;
        }
    }

    private static void execute(Connection c, String sql, Object... params) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            ps.executeUpdate();
        }
    }

    private void update(String sql, Object... params) {
        try (Connection c = db.connect()) {
            execute(c, sql, params);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    public long reservationsOf(String orderId) {
        return db.queryLong("select count(*) from reservations where order_id = ?", orderId);
    }

    public long available(String sku) {
        return db.queryLong("select available from stock where sku = ?", sku);
    }
}
