package io.tern.ra;

import io.tern.ra.inbound.TernActivationSpec;
import io.tern.ra.outbound.TernManagedConnectionFactory;
import jakarta.resource.ResourceException;
import jakarta.resource.spi.InvalidPropertyException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Properties of the adapter, connection definition and activation spec: the URL options, validated, layered. */
class SettingsTest {

    @Test
    void badValuesAreRefusedNamingPropertyAndValue() {
        TernManagedConnectionFactory mcf = new TernManagedConnectionFactory();
        assertThatThrownBy(() -> mcf.setPrefetch(-1)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Prefetch=-1");
        assertThatThrownBy(() -> mcf.setNameServers("nohost")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("NameServers=nohost").hasMessageContaining("host:port");
        assertThatThrownBy(() -> mcf.setUrl("http://x")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("tern://");
        assertThatThrownBy(() -> mcf.setSendTimeout(-5L)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("SendTimeout=-5");
    }

    @Test
    void aPasswordIsNeverShown() {
        TernManagedConnectionFactory mcf = new TernManagedConnectionFactory();
        mcf.setPassword("s3cret");
        assertThat(mcf.settings().toString()).doesNotContain("s3cret");
    }

    @Test
    void aFactoryTakesTheAdaptersSettingsAndOverridesThem() throws ResourceException {
        TernResourceAdapter ra = new TernResourceAdapter();
        ra.setNameServers("10.0.0.1:9876,10.0.0.2:9876");
        ra.setPrefetch(7);
        ra.setUser("app");
        TernManagedConnectionFactory mcf = new TernManagedConnectionFactory();
        mcf.setResourceAdapter(ra);
        mcf.setPrefetch(3);
        assertThat(mcf.settings().nameServers()).containsExactly("10.0.0.1:9876", "10.0.0.2:9876");
        assertThat(mcf.settings().prefetch()).isEqualTo(3);
        assertThat(mcf.settings().user()).isEqualTo("app");
        TernManagedConnectionFactory alone = new TernManagedConnectionFactory();
        assertThat(alone.settings().nameServers()).containsExactly("127.0.0.1:9876");
    }

    @Test
    void factoriesWithTheSameSettingsAreEqual() {
        TernManagedConnectionFactory a = new TernManagedConnectionFactory();
        TernManagedConnectionFactory b = new TernManagedConnectionFactory();
        a.setClientID("x");
        b.setClientID("x");
        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
        b.setPrefetch(1);
        assertThat(a).isNotEqualTo(b);
    }

    @Test
    void anActivationSpecNeedsADestination() throws Exception {
        TernActivationSpec s = new TernActivationSpec();
        assertThatThrownBy(s::validate).isInstanceOf(InvalidPropertyException.class).hasMessageContaining("destination");
        s.setDestination("orders");
        s.setDestinationType("jakarta.jms.Queue");
        s.setMaxSession(5);
        s.setPrefetch(0);
        s.validate();
    }

    @Test
    void anActivationSpecNamesEveryBadValue() {
        TernActivationSpec s = new TernActivationSpec();
        s.setDestination("t");
        s.setDestinationType("jakarta.jms.Thing");
        s.setAcknowledgeMode("Client-acknowledge");
        s.setSubscriptionDurability("Durable");
        s.setMaxSession(0);
        assertThatThrownBy(s::validate).isInstanceOf(InvalidPropertyException.class)
                .hasMessageContaining("destinationType=jakarta.jms.Thing")
                .hasMessageContaining("acknowledgeMode=Client-acknowledge")
                .hasMessageContaining("subscriptionName")
                .hasMessageContaining("clientId")
                .hasMessageContaining("maxSession=0")
                .satisfies(e -> assertThat(((InvalidPropertyException) e).getInvalidPropertyDescriptors()).hasSize(5));
    }

    @Test
    void aSharedDurableSubscriptionNeedsNoClientId() throws Exception {
        TernActivationSpec s = new TernActivationSpec();
        s.setDestination("t");
        s.setDestinationType("jakarta.jms.Topic");
        s.setSubscriptionDurability("Durable");
        s.setSubscriptionName("sub");
        s.setShareSubscriptions(true);
        s.validate();
        s.setShareSubscriptions(false);
        assertThatThrownBy(s::validate).hasMessageContaining("clientId");
        s.setClientId("app");
        s.validate();
        assertThat(s.settings(null).clientID()).isEqualTo("app");
    }

    @Test
    void anActivationSpecTakesConnectionSettings() {
        TernActivationSpec s = new TernActivationSpec();
        assertThatThrownBy(() -> s.setPrefetch(-2)).hasMessageContaining("Prefetch=-2");
        TernResourceAdapter ra = new TernResourceAdapter();
        ra.setNameServers("10.1.1.1:1");
        s.setPrefetch(2);
        assertThat(s.settings(ra).nameServers()).containsExactly("10.1.1.1:1");
        assertThat(s.settings(ra).prefetch()).isEqualTo(2);
    }
}
