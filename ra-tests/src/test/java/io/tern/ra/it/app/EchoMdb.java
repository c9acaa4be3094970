package io.tern.ra.it.app;

import jakarta.annotation.Resource;
import jakarta.ejb.ActivationConfigProperty;
import jakarta.ejb.MessageDriven;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageListener;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;

/**
 * Receives from {@code ra-in} and sends "echo:" + the text to {@code ra-out} (the admin object defined by
 * {@code @JMSDestinationDefinition}) in its container-managed transaction. Bound to the Tern adapter by
 * WEB-INF/jboss-ejb3.xml (WildFly) and WEB-INF/glassfish-ejb-jar.xml (Payara).
 */
@MessageDriven(name = "EchoMdb", activationConfig = {
        @ActivationConfigProperty(propertyName = "destinationType", propertyValue = "jakarta.jms.Queue"),
        @ActivationConfigProperty(propertyName = "destination", propertyValue = JmsResources.IN_NAME),
        @ActivationConfigProperty(propertyName = "maxSession", propertyValue = "2")})
public class EchoMdb implements MessageListener {
    @Resource(lookup = JmsResources.CF)
    private ConnectionFactory cf;

    @Resource(lookup = JmsResources.OUT)
    private Queue out;

    @Override
    public void onMessage(Message m) {
        try (Connection c = cf.createConnection()) {
            Session s = c.createSession();
            s.createProducer(out).send(s.createTextMessage("echo:" + ((TextMessage) m).getText()));
        } catch (JMSException e) {
            throw new IllegalStateException(e);
        }
    }
}
