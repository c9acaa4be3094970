package io.tern.examples.jms;

import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSConsumer;
import jakarta.jms.JMSContext;
import jakarta.jms.Queue;

import javax.naming.InitialContext;
import javax.naming.NamingException;

/**
 * A plain Jakarta Messaging program configured only by {@code jndi.properties} (beside it in
 * {@code src/main/resources}): no Tern class in the code. Start {@code ./tern standalone}, then run it as the root
 * README says. Sends three messages to the queue bound as {@code orders} and receives them.
 */
public final class HelloJndi {
    public static void main(String[] args) throws NamingException {
        InitialContext jndi = new InitialContext();
        ConnectionFactory factory = (ConnectionFactory) jndi.lookup("ConnectionFactory");
        Queue orders = (Queue) jndi.lookup("orders");
        try (JMSContext context = factory.createContext()) {
            for (int i = 1; i <= 3; i++) {
                context.createProducer().setProperty("n", i).send(orders, "order " + i);
            }
            JMSConsumer consumer = context.createConsumer(orders);
            for (int i = 1; i <= 3; i++) {
                String body = consumer.receiveBody(String.class, 10_000);
                System.out.println("received: " + body);
            }
        }
        jndi.close();
    }
}
