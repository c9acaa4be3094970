package io.tern.ra.outbound;

import jakarta.resource.spi.ConnectionRequestInfo;

import java.util.Objects;

/**
 * The login an application asked for ({@code createConnection(user, password)}); null fields mean the factory's.
 * Two infos are equal when both fields are: the pool matches managed connections on it.
 */
public final class TernConnectionRequestInfo implements ConnectionRequestInfo {
    private final String user;
    private final String password;

    public TernConnectionRequestInfo(String user, String password) {
        this.user = user;
        this.password = password;
    }

    public String user() {
        return user;
    }

    public String password() {
        return password;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TernConnectionRequestInfo i && Objects.equals(user, i.user) && Objects.equals(password, i.password);
    }

    @Override
    public int hashCode() {
        return Objects.hash(user, password);
    }

    @Override
    public String toString() {
        return "TernConnectionRequestInfo[user=" + user + "]";
    }
}
