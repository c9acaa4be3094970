package io.tern.ra.it;

import io.tern.ra.it.app.durable.NewsMdb;
import org.jboss.arquillian.container.test.api.Deployer;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.ResourceAdapterArchive;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.time.Duration;

import static io.tern.ra.it.TestClient.ARRIVE_MILLIS;
import static io.tern.ra.it.TestClient.publish;
import static io.tern.ra.it.TestClient.receiveFirst;
import static io.tern.ra.it.TestClient.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A durable topic MDB ({@link NewsMdb}) gets what was published while its application was undeployed: the test
 * deploys and undeploys ra-durable.war itself ({@link Deployer}), the adapter stays deployed throughout.
 */
@ExtendWith(ArquillianExtension.class)
class DurableTopicIT {
    private static final String PROBE = "probe-";

    @ArquillianResource
    private Deployer deployer;

    @Deployment(name = "rar", order = 1, testable = false)
    static ResourceAdapterArchive rar() throws IOException {
        return Deployments.rar();
    }

    @Deployment(name = "durable", order = 2, testable = false, managed = false)
    static WebArchive durable() {
        return Deployments.durable();
    }

    @Test
    void aDurableTopicMdbGetsWhatWasPublishedWhileItWasUndeployed() throws Exception {
        deployer.deploy("durable");
        try {
            awaitSubscribed();
        } finally {
            deployer.undeploy("durable");
        }
        String missed = unique("missed");
        publish(NewsMdb.TOPIC, missed);
        deployer.deploy("durable");
        try {
            assertThat(receiveFirst(NewsMdb.OUT, t -> !t.startsWith("news:" + PROBE), ARRIVE_MILLIS)).isEqualTo("news:" + missed);
        } finally {
            deployer.undeploy("durable");
        }
    }

    /**
     * The MDB's subscription exists once a probe published to the topic comes back: the activation connects after the
     * deployment returns, and a topic keeps nothing for a subscription that does not exist yet, so probe until one does.
     */
    private static void awaitSubscribed() {
        await().atMost(Duration.ofMillis(ARRIVE_MILLIS)).pollInterval(Duration.ofMillis(500)).until(() -> {
            publish(NewsMdb.TOPIC, unique(PROBE));
            return receiveFirst(NewsMdb.OUT, t -> t.startsWith("news:" + PROBE), 1_000) != null;
        });
    }
}
