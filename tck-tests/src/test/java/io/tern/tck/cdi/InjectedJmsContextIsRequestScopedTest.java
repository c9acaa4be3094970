package io.tern.tck.cdi;

import io.tern.tck.harness.Jms;
import io.tern.tck.harness.TernExtension;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.context.control.RequestContextController;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.jms.JMSConnectionFactory;
import jakarta.jms.JMSContext;
import jakarta.jms.TemporaryQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * JMS 3.1 section 12.4.4, as it applies in Java SE (no JTA transaction): within a CDI request, injection points
 * with identical annotations share one JMSContext, closed when the request ends; with no active request, an
 * injected context lives as long as the bean it was injected into. The factory carries an administered client ID,
 * so a second live connection would be refused: sharing and closing are both visible.
 */
@ExtendWith(TernExtension.class)
class InjectedJmsContextIsRequestScopedTest {
    static final String CLIENT_ID = Jms.unique("cdi-scope");

    @ApplicationScoped
    public static class First {
        @Inject
        @JMSConnectionFactory("withId")
        JMSContext context;

        public JMSContext context() {
            return context;
        }
    }

    @ApplicationScoped
    public static class Second {
        @Inject
        @JMSConnectionFactory("withId")
        JMSContext context;

        public JMSContext context() {
            return context;
        }
    }

    @Dependent
    public static class Owner {
        @Inject
        @JMSConnectionFactory("withId")
        JMSContext context;
    }

    private static List<String> jndi(Jms jms) {
        return List.of("java.naming.factory.initial = io.tern.jms.jndi.TernInitialContextFactory",
                "connectionFactory.withId = " + jms.tern().url("clientID=" + CLIENT_ID));
    }

    /** True if the client ID is free, i.e. no injected context holds its connection open. */
    private static boolean clientIdFree(Jms jms) {
        try (JMSContext probe = jms.factory("clientID=" + CLIENT_ID).createContext()) {
            return probe.getClientID().equals(CLIENT_ID);
        } catch (jakarta.jms.InvalidClientIDRuntimeException e) {
            return false;
        }
    }

    @Test
    void identicalInjectionPointsShareTheRequestsContextUntilItEnds(Jms jms, @TempDir Path dir) {
        try (WeldWithJndi weld = new WeldWithJndi(dir, jndi(jms), First.class, Second.class)) {
            RequestContextController request = weld.bean(RequestContextController.class);
            First first = weld.bean(First.class);
            Second second = weld.bean(Second.class);
            request.activate();
            TemporaryQueue tq = first.context().createTemporaryQueue();
            second.context().createProducer().send(tq, "same connection");
            // only the connection that made a temporary queue may consume it: the second bean has the same one
            assertThat(second.context().createConsumer(tq).receiveBody(String.class, Jms.RECEIVE_TIMEOUT)).isEqualTo("same connection");
            assertThat(clientIdFree(jms)).isFalse();
            request.deactivate();
            assertThat(clientIdFree(jms)).isTrue(); // closed with the request
            request.activate();
            assertThat(first.context().getClientID()).isEqualTo(CLIENT_ID); // a new request, a new context
            request.deactivate();
            assertThat(clientIdFree(jms)).isTrue();
        }
    }

    @Test
    void withoutARequestTheContextLivesAsLongAsItsBean(Jms jms, @TempDir Path dir) {
        try (WeldWithJndi weld = new WeldWithJndi(dir, jndi(jms), Owner.class)) {
            Instance<Owner> owners = weld.container.select(Owner.class);
            Owner owner = owners.get();
            assertThat(owner.context.getClientID()).isEqualTo(CLIENT_ID);
            assertThat(clientIdFree(jms)).isFalse();
            owners.destroy(owner);
            assertThat(clientIdFree(jms)).isTrue();
        }
    }
}
