package io.tern.tck.cdi;

import io.tern.tck.harness.Jms;
import io.tern.tck.harness.TernExtension;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.jms.IllegalStateRuntimeException;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSSessionMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * JMS 3.1 section 12.4.5: on an injected JMSContext, the methods the container owns (setClientID,
 * setExceptionListener, start, stop, setAutoStart, acknowledge, commit, rollback, recover, close) throw
 * IllegalStateRuntimeException; a session mode that would need them (SESSION_TRANSACTED, CLIENT_ACKNOWLEDGE) fails
 * deployment, naming the injection point.
 */
@ExtendWith(TernExtension.class)
class InjectedJmsContextRefusesContainerManagedMethodsTest {
    @ApplicationScoped
    public static class Plain {
        @Inject
        JMSContext context;

        public JMSContext context() {
            return context;
        }
    }

    @ApplicationScoped
    public static class Transacted {
        @Inject
        @JMSSessionMode(JMSContext.SESSION_TRANSACTED)
        JMSContext context;
    }

    private static List<String> jndi(Jms jms) {
        return List.of("java.naming.factory.initial = io.tern.jms.jndi.TernInitialContextFactory",
                "java.naming.provider.url = " + jms.tern().url(null));
    }

    @Test
    void containerMethodsAreRefused(Jms jms, @TempDir Path dir) throws Exception {
        try (WeldWithJndi weld = new WeldWithJndi(dir, jndi(jms), Plain.class)) {
            JMSContext c = weld.bean(Plain.class).context();
            Map<String, Executable> reserved = Map.of("setClientID", () -> c.setClientID("x"), "setExceptionListener",
                    () -> c.setExceptionListener(e -> { }), "start", c::start, "stop", c::stop, "setAutoStart", () -> c.setAutoStart(false),
                    "acknowledge", c::acknowledge, "commit", c::commit, "rollback", c::rollback, "recover", c::recover, "close", c::close);
            reserved.forEach((name, call) -> assertThatThrownBy(call::execute).as(name).isInstanceOf(IllegalStateRuntimeException.class)
                    .hasMessageContaining(name));
            assertThat(c.getMetaData().getJMSProviderName()).isEqualTo("Tern"); // the rest works
        }
    }

    @Test
    void aTransactedInjectionPointFailsDeployment(Jms jms, @TempDir Path dir) {
        assertThatThrownBy(() -> new WeldWithJndi(dir, jndi(jms), Transacted.class).close())
                .hasStackTraceContaining("@JMSSessionMode(0)").hasStackTraceContaining("context");
    }
}
