package io.tern.tck.connection;

import io.tern.tck.harness.Jms;
import io.tern.tck.harness.TernExtension;
import jakarta.jms.Connection;
import jakarta.jms.IllegalStateException;
import jakarta.jms.InvalidClientIDException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** JMS 3.1 section 6.1.2: the client ID is set right after the connection is made, before any other use, and once. */
@ExtendWith(TernExtension.class)
class ClientIdCanBeSetOnlyBeforeFirstUseTest {
    @Test
    void setRightAfterCreationIsTaken(Jms jms) throws Exception {
        String id = Jms.unique("client");
        try (Connection c = jms.factory().createConnection()) {
            assertThat(c.getClientID()).isNull();
            c.setClientID(id);
            assertThat(c.getClientID()).isEqualTo(id);
        }
    }

    @Test
    void setAfterCreatingASessionIsRefused(Jms jms) throws Exception {
        try (Connection c = jms.factory().createConnection()) {
            c.createSession();
            assertThatThrownBy(() -> c.setClientID(Jms.unique("late"))).isInstanceOf(IllegalStateException.class);
            assertThat(c.getClientID()).isNull();
        }
    }

    @Test
    void setAfterStartIsRefused(Jms jms) throws Exception {
        try (Connection c = jms.factory().createConnection()) {
            c.start();
            assertThatThrownBy(() -> c.setClientID(Jms.unique("late"))).isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void setTwiceIsRefused(Jms jms) throws Exception {
        try (Connection c = jms.factory().createConnection()) {
            String id = Jms.unique("client");
            c.setClientID(id);
            assertThatThrownBy(() -> c.setClientID(Jms.unique("again"))).isInstanceOf(IllegalStateException.class);
            assertThat(c.getClientID()).isEqualTo(id);
        }
    }

    @Test
    void emptyIdIsInvalid(Jms jms) throws Exception {
        try (Connection c = jms.factory().createConnection()) {
            assertThatThrownBy(() -> c.setClientID("")).isInstanceOf(InvalidClientIDException.class);
        }
    }
}
