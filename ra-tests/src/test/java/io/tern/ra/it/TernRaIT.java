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

import static io.tern.ra.it.TestClient.ABSENT_MILLIS;
import static io.tern.ra.it.TestClient.ARRIVE_MILLIS;
import static io.tern.ra.it.TestClient.enc;
import static io.tern.ra.it.TestClient.get;
import static io.tern.ra.it.TestClient.receive;
import static io.tern.ra.it.TestClient.sendToQueue;
import static io.tern.ra.it.TestClient.unique;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * tern-ra.rar in a real server (WildFly or Payara: the surefire execution picks it with {@code arquillian.launch}).
 * Client-mode tests: the test JVM runs the Tern broker, feeds the MDBs and reads what the application sent with
 * Tern's own JMS client, and makes the EJBs send through the application's servlet.
 */
@ExtendWith(ArquillianExtension.class)
class TernRaIT {

    @Deployment(name = "rar", order = 1, testable = false)
    static ResourceAdapterArchive rar() throws IOException {
        return Deployments.rar();
    }

    @Deployment(name = "app", order = 2, testable = false)
    static WebArchive app() {
        return Deployments.app();
    }

    /** Makes the application send one message; fails with the server's answer unless it says the send happened. */
    static void send(URL base, String api, String queue, String text, String outcome) throws IOException, InterruptedException {
        HttpResponse<String> r = get(base, "send?api=" + api + "&queue=" + enc(queue) + "&text=" + enc(text) + "&outcome=" + outcome);
        assertThat(r.statusCode()).as("the servlet's answer: %s", r.body()).isEqualTo(200);
    }

    @Test
    void anEjbSendsInAJtaTransactionCommittedArriveRolledBackDoNot(@ArquillianResource @OperateOnDeployment("app") URL base) throws Exception {
        String q = unique("ejb");
        send(base, "connection", q, "rolled-back", "rollback");
        send(base, "connection", q, "committed", "commit");
        assertThat(receive(q, ARRIVE_MILLIS)).isEqualTo("committed");
        assertThat(receive(q, ABSENT_MILLIS)).as("the rolled-back send").isNull();
    }

    @Test
    void anInjectedJmsContextSendsInAJtaTransaction(@ArquillianResource @OperateOnDeployment("app") URL base) throws Exception {
        String q = unique("context");
        send(base, "context", q, "rolled-back", "rollback");
        send(base, "context", q, "committed", "commit");
        assertThat(receive(q, ARRIVE_MILLIS)).isEqualTo("committed");
        assertThat(receive(q, ABSENT_MILLIS)).as("the rolled-back send").isNull();
    }

    /** EchoMdb consumes ra-in and answers through the @JMSConnectionFactoryDefinition / @JMSDestinationDefinition resources. */
    @Test
    void anMdbReceivesAndSendsThroughTheDefinedFactoryAndQueue() throws Exception {
        String text = unique("hello");
        sendToQueue(JmsResources.IN_NAME, text);
        assertThat(receive(JmsResources.OUT_NAME, ARRIVE_MILLIS)).isEqualTo("echo:" + text);
    }

    @Test
    void aThrowingMdbIsRedeliveredThenDeadLettered(@ArquillianResource @OperateOnDeployment("app") URL base) throws Exception {
        String text = unique("poison");
        sendToQueue(JmsResources.POISON_NAME, text);
        assertThat(receive("%DLQ%" + JmsResources.POISON_NAME, ARRIVE_MILLIS)).isEqualTo(text);
        HttpResponse<String> attempts = get(base, "attempts?text=" + enc(text));
        assertThat(attempts.body()).as("onMessage calls before the dead-letter queue (the broker's maxDeliveries)")
                .isEqualTo(String.valueOf(TernBroker.MAX_DELIVERIES));
    }
}
