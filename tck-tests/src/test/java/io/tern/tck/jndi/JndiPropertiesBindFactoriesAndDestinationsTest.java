package io.tern.tck.jndi;

import io.tern.tck.harness.Jms;
import io.tern.tck.harness.TernExtension;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSContext;
import jakarta.jms.Queue;
import jakarta.jms.QueueConnectionFactory;
import jakarta.jms.Topic;
import jakarta.jms.TopicConnectionFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import javax.naming.Context;
import javax.naming.InitialContext;
import javax.naming.NameNotFoundException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Hashtable;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Issue 13, JNDI: {@code new InitialContext()} with {@code java.naming.factory.initial=io.tern.jms.jndi.TernInitialContextFactory}
 * binds {@code connectionFactory.NAME}, {@code queue.NAME} and {@code topic.NAME}, read from {@code jndi.properties}
 * or the environment; the objects work against the broker.
 */
@ExtendWith(TernExtension.class)
class JndiPropertiesBindFactoriesAndDestinationsTest {
    static final String FACTORY = "io.tern.jms.jndi.TernInitialContextFactory";

    @Test
    void environmentEntriesAreBoundAndWork(Jms jms) throws Exception {
        String physical = Jms.unique("jndi-orders");
        Hashtable<String, String> env = new Hashtable<>();
        env.put(Context.INITIAL_CONTEXT_FACTORY, FACTORY);
        env.put("connectionFactory.tern", jms.tern().url("prefetch=10"));
        env.put("queue.orders", physical);
        env.put("topic.news", "news-" + physical);
        Context ctx = new InitialContext(env);
        ConnectionFactory cf = (ConnectionFactory) ctx.lookup("tern");
        assertThat(cf).isInstanceOf(QueueConnectionFactory.class).isInstanceOf(TopicConnectionFactory.class);
        Queue q = (Queue) ctx.lookup("orders");
        assertThat(q.getQueueName()).isEqualTo(physical);
        assertThat(((Topic) ctx.lookup("news")).getTopicName()).isEqualTo("news-" + physical);
        try (JMSContext c = cf.createContext()) {
            c.createProducer().send(q, "via jndi");
            assertThat(c.createConsumer(q).receiveBody(String.class, Jms.RECEIVE_TIMEOUT)).isEqualTo("via jndi");
        }
        assertThatThrownBy(() -> ctx.lookup("missing")).isInstanceOf(NameNotFoundException.class).hasMessageContaining("missing")
                .hasMessageContaining("orders");
        ctx.close();
    }

    @Test
    void jndiPropertiesOnTheClasspathIsRead(Jms jms, @TempDir Path dir) throws Exception {
        String physical = Jms.unique("jndi-file");
        Files.write(dir.resolve("jndi.properties"), List.of(
                "java.naming.factory.initial = " + FACTORY,
                "connectionFactory.ConnectionFactory = " + jms.tern().url(null),
                "queue.work = " + physical));
        ClassLoader before = Thread.currentThread().getContextClassLoader();
        try (URLClassLoader loader = new URLClassLoader(new URL[]{dir.toUri().toURL()}, before)) {
            Thread.currentThread().setContextClassLoader(loader);
            Context ctx = new InitialContext(); // reads jndi.properties through the context class loader, as an application would
            ConnectionFactory cf = (ConnectionFactory) ctx.lookup("ConnectionFactory");
            assertThat(ctx.lookup("java:comp/DefaultJMSConnectionFactory")).isSameAs(cf);
            Queue q = (Queue) ctx.lookup("work");
            try (JMSContext c = cf.createContext()) {
                c.createProducer().send(q, "from the file");
                assertThat(c.createConsumer(q).receiveBody(String.class, Jms.RECEIVE_TIMEOUT)).isEqualTo("from the file");
            }
        } finally {
            Thread.currentThread().setContextClassLoader(before);
        }
    }

    @Test
    void theDefaultFactoryUsesTheProviderUrl(Jms jms) throws Exception {
        Hashtable<String, String> env = new Hashtable<>();
        env.put(Context.INITIAL_CONTEXT_FACTORY, FACTORY);
        env.put(Context.PROVIDER_URL, jms.tern().url(null));
        ConnectionFactory cf = (ConnectionFactory) new InitialContext(env).lookup("ConnectionFactory");
        try (JMSContext c = cf.createContext()) {
            assertThat(c.getMetaData().getJMSProviderName()).isEqualTo("Tern");
        }
    }
}
