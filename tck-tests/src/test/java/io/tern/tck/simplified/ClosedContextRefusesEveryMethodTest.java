package io.tern.tck.simplified;

import io.tern.tck.harness.Jms;
import io.tern.tck.harness.TernExtension;
import jakarta.jms.IllegalStateRuntimeException;
import jakarta.jms.JMSConsumer;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSProducer;
import jakarta.jms.Queue;
import jakarta.jms.Topic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** JMS 3.1 section 6.2.4 and the JMSContext javadoc: every method of a closed context but close() is IllegalStateRuntimeException. */
@ExtendWith(TernExtension.class)
class ClosedContextRefusesEveryMethodTest {
    @Test
    void everyMethodButCloseThrows(Jms jms) throws Exception {
        JMSContext ctx = jms.factory().createContext();
        Queue q = ctx.createQueue(Jms.unique("closed-ctx"));
        Topic t = ctx.createTopic(Jms.unique("closed-ctx-t"));
        ctx.close();
        ctx.close(); // idempotent
        List<String> notRefused = new ArrayList<>();
        for (Method m : JMSContext.class.getMethods()) {
            if (m.getName().equals("close") || Modifier.isStatic(m.getModifiers())) {
                continue;
            }
            Object[] args = argsFor(m, q, t);
            try {
                m.invoke(ctx, args);
                notRefused.add(m.toString());
            } catch (InvocationTargetException e) {
                if (!(e.getCause() instanceof IllegalStateRuntimeException)) {
                    notRefused.add(m + " threw " + e.getCause());
                }
            }
        }
        assertThat(notRefused).isEmpty();
    }

    @Test
    void producersAndConsumersOfAClosedContextAreRefused(Jms jms) {
        JMSContext ctx = jms.factory().createContext();
        Queue q = ctx.createQueue(Jms.unique("closed-ctx-pc"));
        JMSProducer p = ctx.createProducer();
        JMSConsumer c = ctx.createConsumer(q);
        ctx.close();
        assertThatThrownBy(() -> p.send(q, "x")).isInstanceOf(IllegalStateRuntimeException.class);
        assertThatThrownBy(c::receiveNoWait).isInstanceOf(IllegalStateRuntimeException.class);
        c.close(); // closing a closed consumer is allowed
    }

    private static Object[] argsFor(Method m, Queue q, Topic t) {
        Class<?>[] types = m.getParameterTypes();
        Object[] args = new Object[types.length];
        for (int i = 0; i < types.length; i++) {
            Class<?> c = types[i];
            if (c == int.class) {
                args[i] = JMSContext.AUTO_ACKNOWLEDGE;
            } else if (c == boolean.class) {
                args[i] = false;
            } else if (c == String.class) {
                args[i] = "x";
            } else if (c == Queue.class || c == jakarta.jms.Destination.class) {
                args[i] = q;
            } else if (c == Topic.class) {
                args[i] = t;
            } else {
                args[i] = null;
            }
        }
        return args;
    }
}
