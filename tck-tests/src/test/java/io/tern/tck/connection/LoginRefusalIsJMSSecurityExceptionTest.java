package io.tern.tck.connection;

import io.tern.acl.PasswordHash;
import io.tern.jms.TernConnectionFactory;
import io.tern.tck.harness.EmbeddedTern;
import jakarta.jms.Connection;
import jakarta.jms.JMSSecurityException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** JMS 3.1 section 6.1.3: createConnection(user, password) logs in; a refusal is JMSSecurityException naming the user, never the password. */
class LoginRefusalIsJMSSecurityExceptionTest {
    @TempDir
    static Path dir;
    static EmbeddedTern secured;

    @BeforeAll
    static void start() throws Exception {
        Path acl = dir.resolve("acl");
        Files.write(acl, List.of("user alice " + PasswordHash.hash("alice-pw"), "allow alice produce *", "allow alice consume *",
                "allow alice admin *", "anonymous deny"));
        secured = new EmbeddedTern(ns -> ns, b -> b.aclFile(acl)); // the broker checks logins (the NameServer is open)
    }

    @AfterAll
    static void stop() {
        secured.close();
    }

    @Test
    void wrongPasswordIsRefusedNamingTheUser() {
        TernConnectionFactory f = new TernConnectionFactory(secured.url(null));
        assertThatThrownBy(() -> f.createConnection("alice", "not-her-secret")).isInstanceOf(JMSSecurityException.class)
                .hasMessageContaining("alice").hasMessageNotContaining("not-her-secret");
    }

    @Test
    void anonymousIsRefused() {
        TernConnectionFactory f = new TernConnectionFactory(secured.url(null));
        assertThatThrownBy(f::createConnection).isInstanceOf(JMSSecurityException.class);
    }

    @Test
    void rightPasswordConnects() throws Exception {
        try (Connection c = new TernConnectionFactory(secured.url(null)).createConnection("alice", "alice-pw")) {
            c.createSession().close();
        }
        try (Connection c = new TernConnectionFactory(secured.url("user=alice&password=alice-pw")).createConnection()) {
            assertThat(c.getMetaData().getJMSProviderName()).isEqualTo("Tern");
        }
    }
}
