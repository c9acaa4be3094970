package io.tern.ra.it;

import io.tern.ra.it.app.Attempts;
import io.tern.ra.it.app.ContextSender;
import io.tern.ra.it.app.EchoMdb;
import io.tern.ra.it.app.JmsResources;
import io.tern.ra.it.app.PoisonMdb;
import io.tern.ra.it.app.Sender;
import io.tern.ra.it.app.durable.NewsMdb;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.importer.ZipImporter;
import org.jboss.shrinkwrap.api.spec.ResourceAdapterArchive;
import org.jboss.shrinkwrap.api.spec.WebArchive;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The archives the tests deploy: {@code tern-ra.rar} as the build made it (one test-time change: its NameServers default
 * points at the test's {@link TernBroker}), and the applications, each bound to the adapter the way a user binds one
 * (WEB-INF/jboss-ejb3.xml for WildFly, WEB-INF/glassfish-ejb-jar.xml for Payara).
 */
final class Deployments {
    /** What the build's ra.xml says before the test points it at its own NameServer. */
    private static final String DEFAULT_NAME_SERVERS = "<config-property-value>127.0.0.1:9876</config-property-value>";
    /** WildFly: the RAR's classes (the admin objects of @JMSDestinationDefinition) visible to the WAR; Payara ignores it. */
    private static final String MANIFEST = "Manifest-Version: 1.0\nDependencies: deployment.tern-ra.rar\n";

    private Deployments() {
    }

    static ResourceAdapterArchive rar() throws IOException {
        String rarFile = System.getProperty("rar.file");
        ResourceAdapterArchive rar = ShrinkWrap.create(ZipImporter.class, "tern-ra.rar")
                .importFrom(new File(rarFile)).as(ResourceAdapterArchive.class);
        String raXml = new String(rar.get("META-INF/ra.xml").getAsset().openStream().readAllBytes(), StandardCharsets.UTF_8);
        String patched = raXml.replace(DEFAULT_NAME_SERVERS,
                "<config-property-value>" + TernBroker.get().nameServer() + "</config-property-value>");
        if (patched.equals(raXml)) {
            throw new IllegalStateException("ra.xml of " + rarFile + " has no " + DEFAULT_NAME_SERVERS + " to point at the test's NameServer");
        }
        rar.delete("META-INF/ra.xml");
        return rar.setResourceAdapterXML(new StringAsset(patched));
    }

    /** ra-app.war: the sending EJBs and their servlet, the echo and poison MDBs, the resources they define. */
    static WebArchive app() {
        return ShrinkWrap.create(WebArchive.class, "ra-app.war")
                .addClasses(JmsResources.class, Sender.class, ContextSender.class, Attempts.class, EchoMdb.class, PoisonMdb.class)
                .addAsWebInfResource("app/jboss-ejb3.xml", "jboss-ejb3.xml")
                .addAsWebInfResource("app/glassfish-ejb-jar.xml", "glassfish-ejb-jar.xml")
                .setManifest(new StringAsset(MANIFEST));
    }

    /** ra-durable.war: one durable topic subscriber MDB, deployed and undeployed by {@link DurableTopicIT}. */
    static WebArchive durable() {
        return ShrinkWrap.create(WebArchive.class, "ra-durable.war")
                .addClasses(NewsMdb.class)
                .addAsWebInfResource("durable/jboss-ejb3.xml", "jboss-ejb3.xml")
                .addAsWebInfResource("durable/glassfish-ejb-jar.xml", "glassfish-ejb-jar.xml")
                .setManifest(new StringAsset(MANIFEST));
    }
}
