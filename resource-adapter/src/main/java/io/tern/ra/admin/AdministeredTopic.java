package io.tern.ra.admin;

import jakarta.jms.Topic;

import java.io.Serializable;
import java.util.Objects;

/**
 * The topic admin object of {@code tern-ra.rar}: a bean with the property {@code Name} (the engine topic name; WildFly's
 * {@code config-property name="Name"} and Payara's {@code destinationName}/{@code Name} both set it). Tern sessions
 * take it as a topic of that name.
 *
 * <p>Thread rules: configured once by the server, then read-only.
 */
public class AdministeredTopic implements Topic, Serializable {
    private static final long serialVersionUID = 1L;
    private String name;

    public String getName() {
        return name;
    }

    /** Also what {@code name} sets (lower case, as some servers spell it). */
    public void setName(String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("Tern topic admin object property Name must name the topic, got: " + (name == null ? "null" : "\"" + name + "\""));
        }
        this.name = name.trim();
    }

    @Override
    public String getTopicName() {
        return name;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AdministeredTopic q && Objects.equals(name, q.name);
    }

    @Override
    public int hashCode() {
        return Objects.hashCode(name);
    }

    @Override
    public String toString() {
        return "topic://" + name;
    }
}
