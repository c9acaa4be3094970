package io.tern.ra.it;

import io.tern.ra.it.app.JmsResources;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.OperateOnDeployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.ResourceAdapterArchive;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.net.URL;
import java.net.http.HttpResponse;
import java.time.Duration;

import static io.tern.ra.it.TestClient.ARRIVE_MILLIS;
import static io.tern.ra.it.TestClient.enc;
import static io.tern.ra.it.TestClient.get;
import static io.tern.ra.it.TestClient.receive;
import static io.tern.ra.it.TestClient.receiveFirst;
import static io.tern.ra.it.TestClient.sendToQueue;
import static io.tern.ra.it.TestClient.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The broker restarts under a deployed application: the pooled connections it held are dead, the next EJB send gets a
 * working one (an attempt that meets a dead connection fails and is rolled back, as any send to a broker that is
 * away), and the MDB's activation reconnects by itself and resumes.
 */
@ExtendWith(ArquillianExtension.class)
class BrokerRestartIT {

    @Deployment(name = "rar", order = 1, testable = false)
    static ResourceAdapterArchive rar() throws IOException {
        return Deployments.rar();
    }

    @Deployment(name = "app", order = 2, testable = false)
    static WebArchive app() {
        return Deployments.app();
    }

    @Test
    void afterABrokerRestartThePoolRecoversAndTheMdbResumes(@ArquillianResource @OperateOnDeployment("app") URL base) throws Exception {
        String q = unique("restart");
        assertThat(sendCommitted(base, q, "before")).as("a send before the restart").isEqualTo(200);
        assertThat(receive(q, ARRIVE_MILLIS)).isEqualTo("before");
        String echoed = unique("before");
        sendToQueue(JmsResources.IN_NAME, echoed);
        assertThat(receive(JmsResources.OUT_NAME, ARRIVE_MILLIS)).isEqualTo("echo:" + echoed);

        TernBroker.get().restartBroker();

        String after = unique("after");
        await().atMost(Duration.ofMillis(ARRIVE_MILLIS)).pollInterval(Duration.ofMillis(500))
                .until(() -> sendCommitted(base, q, after) == 200);
        assertThat(receiveFirst(q, after::equals, ARRIVE_MILLIS)).as("the first send the pool let through").isEqualTo(after);

        String resumed = unique("resumed");
        sendToQueue(JmsResources.IN_NAME, resumed);
        assertThat(receiveFirst(JmsResources.OUT_NAME, ("echo:" + resumed)::equals, ARRIVE_MILLIS)).isEqualTo("echo:" + resumed);
    }

    private static int sendCommitted(URL base, String queue, String text) throws IOException, InterruptedException {
        HttpResponse<String> r = get(base, "send?api=connection&queue=" + enc(queue) + "&text=" + enc(text) + "&outcome=commit");
        return r.statusCode();
    }
}
