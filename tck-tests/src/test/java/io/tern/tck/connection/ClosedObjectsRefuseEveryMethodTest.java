package io.tern.tck.connection;

import io.tern.tck.harness.Jms;
import io.tern.tck.harness.TernExtension;
import jakarta.jms.CompletionListener;
import jakarta.jms.Connection;
import jakarta.jms.Destination;
import jakarta.jms.ExceptionListener;
import jakarta.jms.IllegalStateException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageListener;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.QueueBrowser;
import jakarta.jms.Session;
import jakarta.jms.Topic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.Serializable;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * JMS 3.1 sections 6.1.8, 6.2.15, 7.4 and 8.8: once closed, every method of a connection, session, producer,
 * consumer or browser throws IllegalStateException, except close(), which may be called again. Checked by calling
 * every method of each interface by reflection, so a method added later is covered too.
 */
@ExtendWith(TernExtension.class)
class ClosedObjectsRefuseEveryMethodTest {
    /** Session.run() cannot throw a checked exception; it is part of the optional application server facilities. */
    private static final List<String> EXEMPT = List.of("close", "run");

    @Test
    void everyMethodOfEveryClosedObjectThrowsIllegalStateException(Jms jms) throws Exception {
        Connection c = jms.factory().createConnection();
        Session s = c.createSession(Session.CLIENT_ACKNOWLEDGE);
        Queue q = s.createQueue(Jms.unique("closed"));
        Topic t = s.createTopic(Jms.unique("closed-topic"));
        Message m = s.createTextMessage("x");
        MessageProducer p = s.createProducer(q);
        MessageConsumer consumer = s.createConsumer(q);
        QueueBrowser browser = s.createBrowser(q);
        Args args = new Args(q, t, m);

        c.close();
        List<String> wrong = new ArrayList<>();
        wrong.addAll(check(c, Connection.class, args));
        wrong.addAll(check(s, Session.class, args));
        wrong.addAll(check(p, MessageProducer.class, args));
        wrong.addAll(check(consumer, MessageConsumer.class, args));
        wrong.addAll(check(browser, QueueBrowser.class, args));
        assertThat(wrong).as("methods of closed objects that did not throw IllegalStateException").isEmpty();

        c.close(); // idempotent
        s.close();
        p.close();
        consumer.close();
        browser.close();
    }

    @Test
    void aClosedSessionRefusesAndItsConnectionStillWorks(Jms jms) throws Exception {
        try (Connection c = jms.factory().createConnection()) {
            Session s = c.createSession();
            Queue q = s.createQueue(Jms.unique("closed-s"));
            Args args = new Args(q, s.createTopic("t"), s.createTextMessage("x"));
            s.close();
            assertThat(check(s, Session.class, args)).isEmpty();
            c.createSession().close();
        }
    }

    private record Args(Queue queue, Topic topic, Message message) {
        Object of(Class<?> type) {
            if (type == String.class) return "x";
            if (type == int.class) return 1;
            if (type == long.class) return 1L;
            if (type == boolean.class) return false;
            if (type == Queue.class || type == Destination.class) return queue;
            if (type == Topic.class) return topic;
            if (Message.class.isAssignableFrom(type)) return message;
            if (type == MessageListener.class) return (MessageListener) msg -> { };
            if (type == ExceptionListener.class) return (ExceptionListener) e -> { };
            if (type == Serializable.class) return "x";
            if (type == Class.class) return String.class;
            if (type == CompletionListener.class) {
                return new CompletionListener() {
                    @Override public void onCompletion(Message message) { }
                    @Override public void onException(Message message, Exception exception) { }
                };
            }
            return null;
        }
    }

    private static List<String> check(Object target, Class<?> api, Args args) {
        List<String> wrong = new ArrayList<>();
        for (Method method : api.getMethods()) {
            if (EXEMPT.contains(method.getName())) {
                continue;
            }
            Object[] values = new Object[method.getParameterCount()];
            for (int i = 0; i < values.length; i++) {
                values[i] = args.of(method.getParameterTypes()[i]);
            }
            try {
                method.invoke(target, values);
                wrong.add(api.getSimpleName() + "." + method.getName() + " returned");
            } catch (InvocationTargetException e) {
                if (!(e.getCause() instanceof IllegalStateException)) {
                    wrong.add(api.getSimpleName() + "." + method.getName() + " threw " + e.getCause());
                }
            } catch (IllegalAccessException e) {
                wrong.add(api.getSimpleName() + "." + method.getName() + " not accessible");
            }
        }
        return wrong;
    }
}
