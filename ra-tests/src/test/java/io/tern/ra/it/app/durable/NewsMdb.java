package io.tern.ra.it.app.durable;

import jakarta.annotation.Resource;
import jakarta.ejb.ActivationConfigProperty;
import jakarta.ejb.MessageDriven;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSConnectionFactoryDefinition;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageListener;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;

/**
 * A durable subscriber of topic {@code ra-news} (client ID {@code ra-durable}, subscription {@code news}): it forwards
 * each text as "news:" + text to queue {@code ra-news-out}, in its container-managed transaction, through the factory
 * this application defines on the Tern adapter.
 */
@JMSConnectionFactoryDefinition(name = NewsMdb.CF, interfaceName = "jakarta.jms.ConnectionFactory", resourceAdapter = "tern-ra")
@MessageDriven(name = "NewsMdb", activationConfig = {
        @ActivationConfigProperty(propertyName = "destinationType", propertyValue = "jakarta.jms.Topic"),
        @ActivationConfigProperty(propertyName = "destination", propertyValue = NewsMdb.TOPIC),
        @ActivationConfigProperty(propertyName = "subscriptionDurability", propertyValue = "Durable"),
        @ActivationConfigProperty(propertyName = "clientId", propertyValue = "ra-durable"),
        @ActivationConfigProperty(propertyName = "subscriptionName", propertyValue = "news")})
public class NewsMdb implements MessageListener {
    public static final String CF = "java:app/jms/NewsCF";
    public static final String TOPIC = "ra-news";
    public static final String OUT = "ra-news-out";

    @Resource(lookup = CF)
    private ConnectionFactory cf;

    @Override
    public void onMessage(Message m) {
        try (Connection c = cf.createConnection()) {
            Session s = c.createSession();
            s.createProducer(s.createQueue(OUT)).send(s.createTextMessage("news:" + ((TextMessage) m).getText()));
        } catch (JMSException e) {
            throw new IllegalStateException(e);
        }
    }
}
