package io.tern.ra.it;

import io.tern.jms.TernConnectionFactory;
import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;

import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * What the test JVM does to the servers from outside: sends and receives with Tern's own JMS client (never through the
 * server) and calls the application's servlets over HTTP.
 */
final class TestClient {
    /** How long a message that should arrive may take: generous, because two cores are shared by several builds. */
    static final long ARRIVE_MILLIS = 60_000;
    /** How long the test waits to see that a message which should not arrive does not. */
    static final long ABSENT_MILLIS = 2_000;

    private TestClient() {
    }

    static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static Connection connect() throws JMSException {
        Connection c = new TernConnectionFactory(TernBroker.get().url()).createConnection();
        c.start();
        return c;
    }

    static void sendToQueue(String queue, String text) throws JMSException {
        try (Connection c = connect()) {
            Session s = c.createSession(Session.AUTO_ACKNOWLEDGE);
            s.createProducer(s.createQueue(queue)).send(s.createTextMessage(text));
        }
    }

    static void publish(String topic, String text) throws JMSException {
        try (Connection c = connect()) {
            Session s = c.createSession(Session.AUTO_ACKNOWLEDGE);
            s.createProducer(s.createTopic(topic)).send(s.createTextMessage(text));
        }
    }

    /** The text of the next message of {@code queue}, or null after {@code timeoutMillis}. */
    static String receive(String queue, long timeoutMillis) throws JMSException {
        Message m = receiveMessage(queue, timeoutMillis);
        return m == null ? null : ((TextMessage) m).getText();
    }

    static Message receiveMessage(String queue, long timeoutMillis) throws JMSException {
        try (Connection c = connect()) {
            Session s = c.createSession(Session.AUTO_ACKNOWLEDGE);
            return s.createConsumer(s.createQueue(queue)).receive(timeoutMillis);
        }
    }

    /**
     * Receives from {@code queue} until a text {@code wanted} accepts arrives, consuming the others (strays of earlier
     * attempts), or null when nothing has arrived for {@code timeoutMillis}.
     */
    static String receiveFirst(String queue, Predicate<String> wanted, long timeoutMillis) throws JMSException {
        try (Connection c = connect()) {
            Session s = c.createSession(Session.AUTO_ACKNOWLEDGE);
            MessageConsumer consumer = s.createConsumer(s.createQueue(queue));
            for (Message m = consumer.receive(timeoutMillis); m != null; m = consumer.receive(timeoutMillis)) {
                String text = ((TextMessage) m).getText();
                if (wanted.test(text)) {
                    return text;
                }
            }
            return null;
        }
    }

    /** GET {@code base + path}; the answer's status and body. */
    static HttpResponse<String> get(URL base, String pathAndQuery) throws IOException, InterruptedException {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base + pathAndQuery)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
