package io.tern.tck.cdi;

import io.tern.acl.PasswordHash;
import io.tern.tck.harness.EmbeddedTern;
import io.tern.tck.harness.Jms;
import io.tern.tck.harness.TernExtension;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.jms.JMSConnectionFactory;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSPasswordCredential;
import jakarta.jms.JMSSecurityRuntimeException;
import jakarta.jms.JMSSessionMode;
import jakarta.jms.Queue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * JMS 3.1 section 12.4.3: {@code @Inject JMSContext} under Weld SE takes its connection factory from
 * {@code @JMSConnectionFactory} (a JNDI name; the platform default without it), its session mode from
 * {@code @JMSSessionMode} and its login from {@code @JMSPasswordCredential}.
 */
@ExtendWith(TernExtension.class)
class InjectedJmsContextFollowsItsAnnotationsTest {
    static final String CLIENT_ID = Jms.unique("cdi-annotated");
    @TempDir
    static Path dir;
    static EmbeddedTern secured;

    @BeforeAll
    static void start() throws Exception {
        Path acl = dir.resolve("acl");
        Files.write(acl, List.of("user alice " + PasswordHash.hash("alice-pw"), "allow alice produce *", "allow alice consume *",
                "allow alice admin *", "anonymous deny"));
        secured = new EmbeddedTern(ns -> ns, b -> b.aclFile(acl));
    }

    @AfterAll
    static void stop() {
        secured.close();
    }

    @ApplicationScoped
    public static class Annotated {
        @Inject
        JMSContext byDefault;

        @Inject
        @JMSConnectionFactory("withId")
        @JMSSessionMode(JMSContext.DUPS_OK_ACKNOWLEDGE)
        JMSContext named;

        @Inject
        @JMSConnectionFactory("secured")
        @JMSPasswordCredential(userName = "alice", password = "alice-pw")
        JMSContext alice;

        @Inject
        @JMSConnectionFactory("secured")
        @JMSPasswordCredential(userName = "alice", password = "wrong")
        JMSContext impostor;

        // a normal-scoped bean is a client proxy: its state is read through methods
        public JMSContext byDefault() {
            return byDefault;
        }

        public JMSContext named() {
            return named;
        }

        public JMSContext alice() {
            return alice;
        }

        public JMSContext impostor() {
            return impostor;
        }
    }

    private static List<String> jndi(Jms jms) {
        return List.of("java.naming.factory.initial = io.tern.jms.jndi.TernInitialContextFactory",
                "connectionFactory.ConnectionFactory = " + jms.tern().url(null),
                "connectionFactory.withId = " + jms.tern().url("clientID=" + CLIENT_ID),
                "connectionFactory.secured = " + secured.url(null));
    }

    @Test
    void annotationsChooseFactorySessionModeAndLogin(Jms jms, @TempDir Path jndiDir) {
        try (WeldWithJndi weld = new WeldWithJndi(jndiDir, jndi(jms), Annotated.class)) {
            Annotated a = weld.bean(Annotated.class);
            assertThat(a.byDefault().getSessionMode()).isEqualTo(JMSContext.AUTO_ACKNOWLEDGE);
            assertThat(a.byDefault().getClientID()).isNull();
            assertThat(a.named().getClientID()).isEqualTo(CLIENT_ID);
            assertThat(a.named().getSessionMode()).isEqualTo(JMSContext.DUPS_OK_ACKNOWLEDGE);
            Queue q = a.byDefault().createQueue(Jms.unique("cdi-q"));
            a.byDefault().createProducer().send(q, "injected");
            assertThat(a.named().createConsumer(q).receiveBody(String.class, Jms.RECEIVE_TIMEOUT)).isEqualTo("injected");
            Queue sq = a.alice().createQueue(Jms.unique("cdi-secured"));
            a.alice().createProducer().send(sq, "alice's");
            assertThat(a.alice().createConsumer(sq).receiveBody(String.class, Jms.RECEIVE_TIMEOUT)).isEqualTo("alice's");
            assertThatThrownBy(() -> a.impostor().createQueue("x")).isInstanceOf(JMSSecurityRuntimeException.class)
                    .hasMessageContaining("alice").hasMessageNotContaining("wrong");
        }
    }
}
