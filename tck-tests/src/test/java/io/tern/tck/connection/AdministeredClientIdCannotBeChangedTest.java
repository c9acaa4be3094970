package io.tern.tck.connection;

import io.tern.tck.harness.Jms;
import io.tern.tck.harness.TernExtension;
import jakarta.jms.Connection;
import jakarta.jms.IllegalStateException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** JMS 3.1 section 6.1.2: a client ID configured in the connection factory cannot be changed by the application. */
@ExtendWith(TernExtension.class)
class AdministeredClientIdCannotBeChangedTest {
    @Test
    void factoryClientIdIsTheConnectionsAndIsFixed(Jms jms) throws Exception {
        String id = Jms.unique("admin-id");
        try (Connection c = jms.factory("clientID=" + id).createConnection()) {
            assertThat(c.getClientID()).isEqualTo(id);
            assertThatThrownBy(() -> c.setClientID(Jms.unique("other"))).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining(id);
            assertThat(c.getClientID()).isEqualTo(id);
        }
    }

    @Test
    void beanPropertySetsItToo(Jms jms) throws Exception {
        String id = Jms.unique("bean-id");
        var f = jms.factory();
        f.setClientID(id);
        try (Connection c = f.createConnection()) {
            assertThat(c.getClientID()).isEqualTo(id);
        }
    }
}
