package io.tern.tck.harness;

import io.tern.jms.TernConnectionFactory;
import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** What a conformance test needs: factories for the embedded broker, unique names, small receive helpers. */
public final class Jms {
    /** Long enough for a loaded 2-core machine; a test that waits this long has failed anyway. */
    public static final long RECEIVE_TIMEOUT = 10_000;

    private final EmbeddedTern tern;

    Jms(EmbeddedTern tern) {
        this.tern = tern;
    }

    public EmbeddedTern tern() {
        return tern;
    }

    public TernConnectionFactory factory() {
        return new TernConnectionFactory(tern.url(null));
    }

    /** An XA factory for the embedded broker. */
    public io.tern.jms.TernXAConnectionFactory xaFactory() {
        return new io.tern.jms.TernXAConnectionFactory(tern.url(null));
    }

    /** A factory with URL options, e.g. {@code "prefetch=0&clientID=x"}. */
    public TernConnectionFactory factory(String options) {
        return new TernConnectionFactory(tern.url(options));
    }

    /** A destination or client ID name no other test uses. */
    public static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** A started connection from the plain factory. */
    public Connection started() throws JMSException {
        Connection c = factory().createConnection();
        c.start();
        return c;
    }

    /** Receives {@code n} messages, failing if one does not come within {@link #RECEIVE_TIMEOUT}. */
    public static List<Message> receive(MessageConsumer c, int n) throws JMSException {
        List<Message> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Message m = c.receive(RECEIVE_TIMEOUT);
            if (m == null) {
                throw new AssertionError("message " + (i + 1) + " of " + n + " did not arrive within " + RECEIVE_TIMEOUT + " ms; got " + out.size());
            }
            out.add(m);
        }
        return out;
    }
}
