package io.tern.broker.internal.transaction;

import io.tern.remoting.Request;
import io.tern.remoting.RemotingServer;

import java.util.function.Predicate;

/**
 * Who asks for a transaction's work or decision: the login of the request's connection and whether it administers
 * the broker. A transaction belongs to the login that opened it: only that login (or an admin) sends into it, holds
 * acks or offsets in it, ends, prepares or recovers it, and only connections of that login hear its check-backs.
 * On a broker without access control every caller is {@link #ANYONE} and transactions have no owner.
 *
 * <p>Immutable.
 */
public record TxCaller(String user, boolean admin) {
    /** The caller on a broker without access control: owns nothing, may do everything. */
    public static final TxCaller ANYONE = new TxCaller(null, true);

    /** May this caller touch a transaction owned by {@code owner} (null: opened without a login, or before owners were kept)? */
    boolean mayUse(String owner) {
        return owner == null || admin || owner.equals(user);
    }

    /** How a broker finds the caller of a request: from its connection's principal, or ANYONE without a policy. */
    public interface Lookup {
        TxCaller of(Request request);

        Lookup NO_ACCESS_CONTROL = r -> ANYONE;

        /** The principal is the user name {@code AccessPolicy.login} returned; {@code isAdmin} decides admin rights. */
        static Lookup fromPrincipals(Predicate<Object> isAdmin) {
            return r -> {
                Object p = RemotingServer.principal(r.connection());
                return new TxCaller(p instanceof String s ? s : null, isAdmin.test(p));
            };
        }
    }
}
