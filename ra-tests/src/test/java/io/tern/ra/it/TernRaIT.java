package io.tern.ra.it;

import io.tern.jms.TernConnectionFactory;
import io.tern.ra.it.app.EchoMdb;
import io.tern.ra.it.app.JmsResources;
import io.tern.ra.it.app.PoisonMdb;
import io.tern.ra.it.app.Sender;
import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.OperateOnDeployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.importer.ZipImporter;
import org.jboss.shrinkwrap.api.spec.ResourceAdapterArchive;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * tern-ra.rar in a real server (WildFly or Payara: the surefire execution picks it with {@code arquillian.launch}).
 * Client-mode tests: the test JVM runs the Tern broker, feeds the MDBs and reads what the application sent with
 * Tern's own JMS client, and makes the EJB send through the application's servlet.
 */
@ExtendWith(ArquillianExtension.class)
class TernRaIT {
    static final long WAIT_MILLIS = 30_000;

    /** The adapter, its ra.xml pointed at the test's NameServer (the one test-time change). */
    @Deployment(name = "rar", order = 1, testable = false)
    static ResourceAdapterArchive rar() throws IOException {
        String nameServer = TernBroker.get().nameServer();
        ResourceAdapterArchive rar = ShrinkWrap.create(ZipImporter.class, "tern-ra.rar")
                .importFrom(new File(System.getProperty("rar.file"))).as(ResourceAdapterArchive.class);
        String raXml = new String(rar.get("META-INF/ra.xml").getAsset().openStream().readAllBytes(), StandardCharsets.UTF_8);
        String patched = raXml.replace("<config-property-value>127.0.0.1:9876</config-property-value>",
                "<config-property-value>" + nameServer + "</config-property-value>");
        if (patched.equals(raXml)) {
            throw new IllegalStateException("ra.xml of " + System.getProperty("rar.file") + " has no NameServers default to replace");
        }
        rar.delete("META-INF/ra.xml");
        return rar.setResourceAdapterXML(new StringAsset(patched));
    }

    @Deployment(name = "app", order = 2, testable = false)
    static WebArchive app() {
        return ShrinkWrap.create(WebArchive.class, "ra-app.war")
                .addClasses(JmsResources.class, Sender.class, EchoMdb.class, PoisonMdb.class)
                .addAsWebInfResource("app/jboss-ejb3.xml", "jboss-ejb3.xml")
                .addAsWebInfResource("app/glassfish-ejb-jar.xml", "glassfish-ejb-jar.xml")
                // WildFly: the RAR's classes (admin objects of @JMSDestinationDefinition) visible to the WAR
                .setManifest(new StringAsset("Manifest-Version: 1.0\nDependencies: deployment.tern-ra.rar\n"));
    }

    static String unique(String p) {
        return p + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static String call(URL base, String query) throws IOException, InterruptedException {
        HttpResponse<String> r = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(base.toString() + "send?" + query)).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as("servlet answer: %s", r.body()).isEqualTo(200);
        return r.body();
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    static Connection connect() throws JMSException {
        Connection c = new TernConnectionFactory(TernBroker.get().url()).createConnection();
        c.start();
        return c;
    }

    static String receive(String queue, long timeout) throws JMSException {
        try (Connection c = connect()) {
            Session s = c.createSession(Session.AUTO_ACKNOWLEDGE);
            Message m = s.createConsumer(s.createQueue(queue)).receive(timeout);
            return m == null ? null : ((TextMessage) m).getText();
        }
    }

    static void send(String queue, String text) throws JMSException {
        try (Connection c = connect()) {
            Session s = c.createSession(Session.AUTO_ACKNOWLEDGE);
            s.createProducer(s.createQueue(queue)).send(s.createTextMessage(text));
        }
    }

    @Test
    void anEjbSendsInAJtaTransactionCommittedArriveRolledBackDoNot(@ArquillianResource @OperateOnDeployment("app") URL base) throws Exception {
        String q = unique("ejb");
        call(base, "queue=" + enc(q) + "&text=rolled-back&outcome=rollback");
        call(base, "queue=" + enc(q) + "&text=committed&outcome=commit");
        assertThat(receive(q, WAIT_MILLIS)).isEqualTo("committed");
        assertThat(receive(q, 1_000)).as("the rolled-back send").isNull();
    }

    @Test
    void anMdbReceivesAndSendsThroughTheDefinedFactoryAndQueue() throws Exception {
        String text = unique("hello");
        send(JmsResources.IN_NAME, text);
        assertThat(receive(JmsResources.OUT_NAME, WAIT_MILLIS)).isEqualTo("echo:" + text);
    }

    @Test
    void aThrowingMdbIsRedeliveredThenDeadLettered() throws Exception {
        String text = unique("poison");
        send(JmsResources.POISON_NAME, text);
        assertThat(receive("%DLQ%" + JmsResources.POISON_NAME, WAIT_MILLIS)).isEqualTo(text);
    }
}
