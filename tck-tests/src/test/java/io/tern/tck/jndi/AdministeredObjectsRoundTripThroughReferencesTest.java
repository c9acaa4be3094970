package io.tern.tck.jndi;

import io.tern.tck.harness.Jms;
import io.tern.tck.harness.TernExtension;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSContext;
import jakarta.jms.Queue;
import jakarta.jms.Topic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import javax.naming.Context;
import javax.naming.InitialContext;
import javax.naming.Reference;
import javax.naming.Referenceable;
import javax.naming.spi.NamingManager;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.util.Hashtable;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 13, JNDI: factories and destinations are Serializable and Referenceable; a Reference resolved by JNDI's
 * NamingManager (through TernObjectFactory) and a serialized copy are equal objects that still work.
 */
@ExtendWith(TernExtension.class)
class AdministeredObjectsRoundTripThroughReferencesTest {
    @Test
    void referencesAndSerializationRoundTrip(Jms jms) throws Exception {
        String physical = Jms.unique("ref");
        Hashtable<String, String> env = new Hashtable<>();
        env.put(Context.INITIAL_CONTEXT_FACTORY, "io.tern.jms.jndi.TernInitialContextFactory");
        env.put("connectionFactory.cf", jms.tern().url("prefetch=3&clientID=" + physical));
        env.put("queue.q", physical);
        env.put("topic.t", physical);
        Context ctx = new InitialContext(env);
        for (String name : new String[]{"cf", "q", "t"}) {
            Object o = ctx.lookup(name);
            assertThat(o).isInstanceOf(Serializable.class).isInstanceOf(Referenceable.class);
            Reference ref = ((Referenceable) o).getReference();
            Object fromRef = NamingManager.getObjectInstance(ref, null, null, env);
            Object fromBytes = deserialize(serialize(o));
            assertThat(fromRef.getClass()).isEqualTo(o.getClass());
            assertThat(fromBytes.getClass()).isEqualTo(o.getClass());
            if (o instanceof Queue || o instanceof Topic) {
                assertThat(fromRef).isEqualTo(o);
                assertThat(fromBytes).isEqualTo(o);
            } else {
                assertThat(fromRef.toString()).isEqualTo(o.toString());
            }
        }
        ConnectionFactory cf = (ConnectionFactory) NamingManager.getObjectInstance(((Referenceable) ctx.lookup("cf")).getReference(), null, null, env);
        Queue q = (Queue) deserialize(serialize(ctx.lookup("q")));
        try (JMSContext c = cf.createContext()) {
            assertThat(c.getClientID()).isEqualTo(physical); // the options came through the reference
            c.createProducer().send(q, "round trip");
            assertThat(c.createConsumer(q).receiveBody(String.class, Jms.RECEIVE_TIMEOUT)).isEqualTo("round trip");
        }
        ctx.bind("copy", q);
        assertThat(ctx.lookup("copy")).isEqualTo(q);
    }

    private static byte[] serialize(Object o) throws Exception {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(b)) {
            out.writeObject(o);
        }
        return b.toByteArray();
    }

    private static Object deserialize(byte[] bytes) throws Exception {
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes))) {
            return in.readObject();
        }
    }
}
