package io.tern.examples.registration;

import io.tern.examples.support.Database;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSProducer;
import jakarta.jms.MapMessage;
import jakarta.jms.Topic;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.UUID;

/**
 * Registers users: one database write and one {@code user-registered} event on a topic, then it returns. Sending the
 * welcome mail and the SMS is someone else's job, done later and in parallel by whoever subscribes; a slow or broken
 * mail server never slows a registration down. Thread rule: one thread at a time (a JMSContext is single-threaded).
 */
public final class RegistrationService implements AutoCloseable {
    static final String TOPIC = "user-registered";

    private final Database db = new Database("users",
            "create table users (id varchar(64) primary key, name varchar(100) not null, email varchar(200) not null,"
                    + " phone varchar(40) not null)");
    private final JMSContext context;
    private final JMSProducer producer;
    private final Topic topic;

    public RegistrationService(ConnectionFactory factory) {
        this.context = factory.createContext();
        this.producer = context.createProducer();
        this.topic = context.createTopic(TOPIC);
    }

    /** Stores the user and publishes the event; returns the new user's id. */
    public String register(String name, String email, String phone) throws Exception {
        String id = "user-" + UUID.randomUUID().toString().substring(0, 8);
        try (Connection c = db.connect(); PreparedStatement ps = c.prepareStatement("insert into users values (?, ?, ?, ?)")) {
            ps.setString(1, id);
            ps.setString(2, name);
            ps.setString(3, email);
            ps.setString(4, phone);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("user " + name + " not stored: " + e.getMessage(), e);
        }
        MapMessage event = context.createMapMessage();
        event.setString("userId", id);
        event.setString("name", name);
        event.setString("email", email);
        event.setString("phone", phone);
        producer.send(topic, event);
        return id;
    }

    public long usersStored() {
        return db.queryLong("select count(*) from users");
    }

    @Override
    public void close() {
        context.close();
    }
}
