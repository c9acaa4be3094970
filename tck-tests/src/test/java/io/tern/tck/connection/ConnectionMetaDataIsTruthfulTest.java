package io.tern.tck.connection;

import io.tern.tck.harness.Jms;
import io.tern.tck.harness.TernExtension;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionMetaData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.Collections;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** JMS 3.1 section 6.1.5 (ConnectionMetaData): the JMS version, the provider's name and version, the JMSX properties supported. */
@ExtendWith(TernExtension.class)
class ConnectionMetaDataIsTruthfulTest {
    @Test
    void saysJms31AndTheProviderVersionAndItsJmsxProperties(Jms jms) throws Exception {
        try (Connection c = jms.factory().createConnection()) {
            ConnectionMetaData md = c.getMetaData();
            assertThat(md.getJMSVersion()).isEqualTo("3.1");
            assertThat(md.getJMSMajorVersion()).isEqualTo(3);
            assertThat(md.getJMSMinorVersion()).isEqualTo(1);
            assertThat(md.getJMSProviderName()).isEqualTo("Tern");
            assertThat(md.getProviderVersion()).matches("\\d+\\.\\d+\\.\\d+.*");
            assertThat(md.getProviderVersion()).startsWith(md.getProviderMajorVersion() + "." + md.getProviderMinorVersion() + ".");
            List<String> jmsx = Collections.list(md.getJMSXPropertyNames()).stream().map(Object::toString).toList();
            assertThat(jmsx).containsExactlyInAnyOrder("JMSXDeliveryCount", "JMSXGroupID", "JMSXGroupSeq");
        }
    }
}
