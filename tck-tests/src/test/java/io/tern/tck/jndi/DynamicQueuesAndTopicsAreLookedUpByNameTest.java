package io.tern.tck.jndi;

import io.tern.tck.harness.Jms;
import io.tern.tck.harness.TernExtension;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSConsumer;
import jakarta.jms.JMSContext;
import jakarta.jms.Queue;
import jakarta.jms.Topic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import javax.naming.Context;
import javax.naming.InitialContext;
import javax.naming.InvalidNameException;
import java.util.Hashtable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Issue 13, JNDI: {@code dynamicQueues/X} and {@code dynamicTopics/X} give queue or topic X without an entry (as in ActiveMQ). */
@ExtendWith(TernExtension.class)
class DynamicQueuesAndTopicsAreLookedUpByNameTest {
    @Test
    void dynamicNamesGiveDestinations(Jms jms) throws Exception {
        Hashtable<String, String> env = new Hashtable<>();
        env.put(Context.INITIAL_CONTEXT_FACTORY, "io.tern.jms.jndi.TernInitialContextFactory");
        env.put("connectionFactory.cf", jms.tern().url(null));
        Context ctx = new InitialContext(env);
        String name = Jms.unique("dyn");
        Queue q = (Queue) ctx.lookup("dynamicQueues/" + name);
        Topic t = (Topic) ctx.lookup("dynamicTopics/" + name + ".events");
        assertThat(q.getQueueName()).isEqualTo(name);
        assertThat(t.getTopicName()).isEqualTo(name + ".events");
        assertThatThrownBy(() -> ctx.lookup("dynamicQueues/")).isInstanceOf(InvalidNameException.class);
        try (JMSContext c = ((ConnectionFactory) ctx.lookup("cf")).createContext()) {
            JMSConsumer sub = c.createConsumer(t);
            c.createProducer().send(q, "q").send(t, "t");
            assertThat(c.createConsumer(q).receiveBody(String.class, Jms.RECEIVE_TIMEOUT)).isEqualTo("q");
            assertThat(sub.receiveBody(String.class, Jms.RECEIVE_TIMEOUT)).isEqualTo("t");
        }
    }
}
