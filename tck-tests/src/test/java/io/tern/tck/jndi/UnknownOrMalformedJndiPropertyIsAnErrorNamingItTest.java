package io.tern.tck.jndi;

import org.junit.jupiter.api.Test;

import javax.naming.Context;
import javax.naming.InitialContext;
import javax.naming.NamingException;
import java.util.Hashtable;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Issue 13, JNDI: an unknown key, an unknown or malformed factory option, or an empty name fails the InitialContext, naming it. */
class UnknownOrMalformedJndiPropertyIsAnErrorNamingItTest {
    private static Hashtable<String, String> env(String key, String value) {
        Hashtable<String, String> env = new Hashtable<>();
        env.put(Context.INITIAL_CONTEXT_FACTORY, "io.tern.jms.jndi.TernInitialContextFactory");
        env.put(key, value);
        return env;
    }

    @Test
    void unknownKey() {
        assertThatThrownBy(() -> new InitialContext(env("quue.orders", "orders"))).isInstanceOf(NamingException.class)
                .hasMessageContaining("quue.orders");
    }

    @Test
    void unknownFactoryOption() {
        assertThatThrownBy(() -> new InitialContext(env("connectionFactory.cf", "tern://127.0.0.1:9876?prefech=5")))
                .isInstanceOf(NamingException.class).hasMessageContaining("prefech").hasMessageContaining("connectionFactory.cf");
    }

    @Test
    void malformedFactoryOption() {
        assertThatThrownBy(() -> new InitialContext(env("connectionFactory.cf", "tern://127.0.0.1:9876?prefetch=lots")))
                .isInstanceOf(NamingException.class).hasMessageContaining("prefetch").hasMessageContaining("lots");
        assertThatThrownBy(() -> new InitialContext(env("connectionFactory.cf", "http://127.0.0.1:9876")))
                .isInstanceOf(NamingException.class).hasMessageContaining("tern://");
    }

    @Test
    void emptyNames() {
        assertThatThrownBy(() -> new InitialContext(env("queue.", "orders"))).isInstanceOf(NamingException.class).hasMessageContaining("queue.");
        assertThatThrownBy(() -> new InitialContext(env("topic.news", " "))).isInstanceOf(NamingException.class).hasMessageContaining("topic.news");
    }
}
