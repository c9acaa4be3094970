package io.tern.jms.cdi;

import io.tern.jms.TernConnectionFactory;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSRuntimeException;

import javax.naming.InitialContext;
import javax.naming.NamingException;
import javax.naming.NoInitialContextException;

/**
 * Opens the real JMSContext behind an injection point: the connection factory is looked up by its JNDI name in
 * {@code new InitialContext()} (so a {@code jndi.properties} with Tern's initial context factory configures it). The
 * platform default {@value ContextKey#DEFAULT_FACTORY} without any JNDI configuration is
 * {@code new TernConnectionFactory()} ({@code tern://127.0.0.1:9876}, what {@code ./tern standalone} listens on).
 *
 * <p>Thread rules: stateless, any thread.
 */
final class ContextOpener {
    private ContextOpener() {
    }

    static JMSContext open(ContextKey key) {
        ConnectionFactory cf = factory(key);
        return key.user() == null ? cf.createContext(key.sessionMode()) : cf.createContext(key.user(), key.password(), key.sessionMode());
    }

    private static ConnectionFactory factory(ContextKey key) {
        Object o;
        try {
            o = new InitialContext().lookup(key.factoryName());
        } catch (NoInitialContextException e) {
            if (key.factoryName().equals(ContextKey.DEFAULT_FACTORY)) {
                return new TernConnectionFactory();
            }
            throw failed(key, "no JNDI initial context is configured (java.naming.factory.initial=io.tern.jms.jndi.TernInitialContextFactory "
                    + "in jndi.properties)", e);
        } catch (NamingException e) {
            throw failed(key, e.getMessage(), e);
        }
        if (!(o instanceof ConnectionFactory cf)) {
            throw new JMSRuntimeException("the JNDI name '" + key.factoryName() + "' of the injected JMSContext " + key + " is bound to a "
                    + (o == null ? "null" : o.getClass().getName()) + ", not a jakarta.jms.ConnectionFactory");
        }
        return cf;
    }

    private static JMSRuntimeException failed(ContextKey key, String why, Exception cause) {
        return new JMSRuntimeException("cannot look up the connection factory '" + key.factoryName() + "' of the injected JMSContext " + key
                + ": " + why, null, cause);
    }
}
