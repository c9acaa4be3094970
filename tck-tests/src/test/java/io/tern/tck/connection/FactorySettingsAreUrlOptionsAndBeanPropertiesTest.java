package io.tern.tck.connection;

import io.tern.jms.TernConnectionFactory;
import org.junit.jupiter.api.Test;

import javax.naming.Reference;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Tern's factory contract (issue 13): every setting is a URL option and a bean property of the same name; an unknown
 * or malformed option is an error naming it; the factory is Serializable and Referenceable.
 */
class FactorySettingsAreUrlOptionsAndBeanPropertiesTest {
    @Test
    void urlOptionsShowAsBeanProperties() {
        TernConnectionFactory f = new TernConnectionFactory("tern://h1:9876,h2:9877?clientID=app&prefetch=0&sendTimeout=2500"
                + "&closeTimeout=100&leaseRenewal=500&nonPersistentAsync=true&trustedPackages=com.acme&user=u&password=p%26w");
        assertThat(f.getNameServers()).isEqualTo("h1:9876,h2:9877");
        assertThat(f.getClientID()).isEqualTo("app");
        assertThat(f.getPrefetch()).isZero();
        assertThat(f.getSendTimeout()).isEqualTo(2500);
        assertThat(f.getCloseTimeout()).isEqualTo(100);
        assertThat(f.getLeaseRenewal()).isEqualTo(500);
        assertThat(f.isNonPersistentAsync()).isTrue();
        assertThat(f.getTrustedPackages()).isEqualTo("com.acme");
        assertThat(f.getUser()).isEqualTo("u");
        assertThat(f.getPassword()).isEqualTo("p&w");
        assertThat(f.toString()).doesNotContain("p%26w").doesNotContain("p&w");
    }

    @Test
    void beanPropertiesChangeTheUrl() {
        TernConnectionFactory f = new TernConnectionFactory("tern://127.0.0.1:9876");
        f.setPrefetch(7);
        f.setClientID("x");
        assertThat(f.getUrl()).contains("prefetch=7").contains("clientID=x");
        assertThat(new TernConnectionFactory(f.getUrl()).getPrefetch()).isEqualTo(7);
    }

    @Test
    void unknownOptionIsRefusedByName() {
        assertThatThrownBy(() -> new TernConnectionFactory("tern://127.0.0.1:9876?prefetsh=3")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("prefetsh");
    }

    @Test
    void malformedValuesAreRefusedByName() {
        assertThatThrownBy(() -> new TernConnectionFactory("tern://127.0.0.1:9876?prefetch=lots")).hasMessageContaining("prefetch")
                .hasMessageContaining("lots");
        assertThatThrownBy(() -> new TernConnectionFactory("tern://127.0.0.1:9876?nonPersistentAsync=yes")).hasMessageContaining("nonPersistentAsync");
        assertThatThrownBy(() -> new TernConnectionFactory("tern://127.0.0.1?prefetch=1")).hasMessageContaining("127.0.0.1");
        assertThatThrownBy(() -> new TernConnectionFactory("http://127.0.0.1:9876")).hasMessageContaining("tern://");
        TernConnectionFactory f = new TernConnectionFactory();
        assertThatThrownBy(() -> f.setPrefetch(-1)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("prefetch");
        assertThatThrownBy(() -> f.setSendTimeout(0)).hasMessageContaining("sendTimeout");
        assertThat(f.getPrefetch()).isEqualTo(32); // a refused value changes nothing
    }

    @Test
    void serializesAndGivesAReference() throws Exception {
        TernConnectionFactory f = new TernConnectionFactory("tern://127.0.0.1:9876?prefetch=5");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(f);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            TernConnectionFactory back = (TernConnectionFactory) in.readObject();
            assertThat(back.getUrl()).isEqualTo(f.getUrl());
        }
        Reference r = f.getReference();
        assertThat(r.getClassName()).isEqualTo(TernConnectionFactory.class.getName());
        assertThat(r.get("url").getContent()).isEqualTo(f.getUrl());
    }
}
