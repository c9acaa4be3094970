package io.tern.tck.connection;

import io.tern.tck.harness.Jms;
import io.tern.tck.harness.TernExtension;
import jakarta.jms.Connection;
import jakarta.jms.InvalidClientIDException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** JMS 3.1 section 6.1.2: a client ID in use by another live connection is refused with InvalidClientIDException. */
@ExtendWith(TernExtension.class)
class ClientIdInUseIsRefusedTest {
    @Test
    void secondConnectionWithTheSameIdIsRefusedUntilTheFirstCloses(Jms jms) throws Exception {
        String id = Jms.unique("dup");
        Connection first = jms.factory().createConnection();
        first.setClientID(id);
        try (Connection second = jms.factory().createConnection()) {
            assertThatThrownBy(() -> second.setClientID(id)).isInstanceOf(InvalidClientIDException.class).hasMessageContaining(id);
            first.close();
            second.setClientID(id); // a refused claim is not a use: the ID may be claimed once it is free
            assertThat(second.getClientID()).isEqualTo(id);
        }
    }

    @Test
    void administeredIdInUseFailsTheConnection(Jms jms) throws Exception {
        String id = Jms.unique("dup-admin");
        try (Connection first = jms.factory("clientID=" + id).createConnection()) {
            assertThat(first.getClientID()).isEqualTo(id);
            assertThatThrownBy(() -> jms.factory("clientID=" + id).createConnection()).isInstanceOf(InvalidClientIDException.class);
        }
    }
}
