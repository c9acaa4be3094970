package io.tern.ra.admin;

import java.io.Serializable;
import java.util.Objects;

/**
 * What the queue and topic admin objects of {@code tern-ra.rar} share: a bean with the property {@code Name} (the
 * engine topic name; WildFly's {@code config-property name="Name"} and Payara's {@code destinationName}/{@code Name}
 * both set it). Tern sessions take it as a destination of that kind and name.
 *
 * <p>Thread rules: configured once by the server, then read-only.
 */
abstract class AdministeredDestination implements Serializable {
    private static final long serialVersionUID = 1L;
    private final String kind;
    private String name;

    AdministeredDestination(String kind) {
        this.kind = kind;
    }

    public String getName() {
        return name;
    }

    /** Also what {@code name} sets (lower case, as some servers spell it). */
    public void setName(String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("Tern " + kind + " admin object property Name must name the " + kind + ", got: "
                    + (name == null ? "null" : "\"" + name + "\""));
        }
        this.name = name.trim();
    }

    @Override
    public boolean equals(Object o) {
        return o != null && o.getClass() == getClass() && Objects.equals(name, ((AdministeredDestination) o).name);
    }

    @Override
    public int hashCode() {
        return Objects.hashCode(name);
    }

    @Override
    public String toString() {
        return kind + "://" + name;
    }
}
