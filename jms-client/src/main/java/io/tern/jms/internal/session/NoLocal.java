package io.tern.jms.internal.session;

/**
 * noLocal on the broker: every send to a topic carries the sending connection's id as {@value #PROPERTY} (hidden from
 * the application, like every {@code JMS_TERN_} property), and a noLocal subscriber's selector excludes its own
 * connection's id. The broker drops those messages for the subscription, as it does any message a selector rejects.
 */
public final class NoLocal {
    public static final String PROPERTY = "JMS_TERN_ConnectionID";

    private NoLocal() {
    }

    /** The selector the broker evaluates: the application's, narrowed by noLocal. */
    static String selector(String userSelector, boolean noLocal, String connectionId) {
        if (!noLocal) {
            return userSelector;
        }
        String mine = "(" + PROPERTY + " IS NULL OR " + PROPERTY + " <> '" + connectionId.replace("'", "''") + "')";
        return userSelector == null ? mine : "(" + userSelector + ") AND " + mine;
    }
}
