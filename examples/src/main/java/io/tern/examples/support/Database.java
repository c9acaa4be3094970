package io.tern.examples.support;

import org.h2.jdbcx.JdbcDataSource;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * An embedded H2 database in memory, one per service of an example (each service owns its data; they share only
 * messages). It lives while the JVM does. Thread-safe: every call takes its own JDBC connection.
 */
public final class Database {
    private final JdbcDataSource source = new JdbcDataSource();

    /** A new, empty database; {@code name} shows in H2's messages. {@code ddl} statements create its tables. */
    public Database(String name, String... ddl) {
        source.setURL("jdbc:h2:mem:" + name + "-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        try (Connection c = source.getConnection(); Statement s = c.createStatement()) {
            for (String statement : ddl) {
                s.execute(statement);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create the " + name + " database: " + e.getMessage(), e);
        }
    }

    public Connection connect() throws SQLException {
        return source.getConnection();
    }

    /** The XA data source of the same database (for the XA example). */
    public JdbcDataSource dataSource() {
        return source;
    }

    /** The first column of the first row of {@code sql} as a long (a count, a sum). */
    public long queryLong(String sql, Object... params) {
        try (Connection c = connect(); var ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            try (var rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }
}
