package io.tern.ra.admin;

import jakarta.jms.Queue;

import java.io.Serializable;
import java.util.Objects;

/**
 * The queue admin object of {@code tern-ra.rar}: a bean with the property {@code Name} (the engine topic name; WildFly's
 * {@code config-property name="Name"} and Payara's {@code destinationName}/{@code Name} both set it). Tern sessions
 * take it as a queue of that name.
 *
 * <p>Thread rules: configured once by the server, then read-only.
 */
public class AdministeredQueue implements Queue, Serializable {
    private static final long serialVersionUID = 1L;
    private String name;

    public String getName() {
        return name;
    }

    /** Also what {@code name} sets (lower case, as some servers spell it). */
    public void setName(String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("Tern queue admin object property Name must name the queue, got: " + (name == null ? "null" : "\"" + name + "\""));
        }
        this.name = name.trim();
    }

    @Override
    public String getQueueName() {
        return name;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AdministeredQueue q && Objects.equals(name, q.name);
    }

    @Override
    public int hashCode() {
        return Objects.hashCode(name);
    }

    @Override
    public String toString() {
        return "queue://" + name;
    }
}
