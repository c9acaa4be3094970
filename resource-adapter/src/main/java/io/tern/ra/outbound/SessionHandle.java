package io.tern.ra.outbound;

import jakarta.jms.IllegalStateException;
import jakarta.jms.JMSException;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.QueueBrowser;
import jakarta.jms.QueueSession;
import jakarta.jms.Session;
import jakarta.jms.TopicSession;
import jakarta.jms.XAQueueSession;
import jakarta.jms.XASession;
import jakarta.jms.XATopicSession;

import javax.transaction.xa.XAResource;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The session an application gets from a {@link ConnectionHandle}: a proxy on the managed connection's physical
 * session that
 * <ul>
 *   <li>refuses {@code setMessageListener}, {@code getMessageListener} and {@code run} (EE rules), and the same on its consumers;</li>
 *   <li>inside a container transaction refuses {@code commit}/{@code rollback} ({@code TransactionInProgressException}):
 *       the container ends the transaction;</li>
 *   <li>on close, closes the producers, consumers and browsers it made (the physical session stays for the pool or
 *       the transaction).</li>
 * </ul>
 * Thread rules: as a JMS session, one thread at a time; close may come from the pool's thread (synchronized list).
 */
final class SessionHandle implements InvocationHandler {
    private final ConnectionHandle connection;
    private final Session physical;
    private final boolean containerTx;
    private final XAResource xaResource; // for a session made by createXASession, else null
    private final List<AutoCloseable> made = new ArrayList<>();
    private volatile boolean closed;

    private SessionHandle(ConnectionHandle connection, Session physical, boolean containerTx, XAResource xaResource) {
        this.connection = connection;
        this.physical = physical;
        this.containerTx = containerTx;
        this.xaResource = xaResource;
    }

    static Session create(ConnectionHandle connection, Session physical, boolean containerTx) {
        return (Session) Proxy.newProxyInstance(SessionHandle.class.getClassLoader(),
                new Class<?>[] {Session.class, QueueSession.class, TopicSession.class},
                new SessionHandle(connection, physical, containerTx, null));
    }

    /**
     * A session for {@code XAConnection.createXASession}: also an XASession whose {@code getXAResource} is the managed
     * connection's (the one the server enlists), and whose {@code getSession} is itself.
     */
    static XASession createXa(ConnectionHandle connection, Session physical, boolean containerTx, XAResource xa) {
        return (XASession) Proxy.newProxyInstance(SessionHandle.class.getClassLoader(),
                new Class<?>[] {XAQueueSession.class, XATopicSession.class},
                new SessionHandle(connection, physical, containerTx, xa));
    }

    /** The physical session under a handle this class made (JMSContext.acknowledge needs the provider's own call). */
    static Session physicalOf(Session handle) {
        return ((SessionHandle) Proxy.getInvocationHandler(handle)).physical;
    }

    /** The provider's consumer under a consumer handle (JMSConsumer.receiveBody needs the provider's own call). */
    static MessageConsumer physicalOf(MessageConsumer handle) {
        return ((ConsumerHandle) Proxy.getInvocationHandler(handle)).physical;
    }

    @Override
    public Object invoke(Object proxy, Method m, Object[] args) throws Throwable {
        String name = m.getName();
        if (m.getDeclaringClass() == Object.class) {
            return switch (name) {
                case "equals" -> proxy == args[0];
                case "hashCode" -> System.identityHashCode(proxy);
                default -> "Tern session handle (" + (closed ? "closed" : "open") + ") on " + connection;
            };
        }
        if (name.equals("close")) {
            close(proxy);
            return null;
        }
        if (closed) {
            throw EeRules.closed("this session");
        }
        switch (name) {
            case "getXAResource" -> {
                return xaResource;
            }
            case "getSession", "getQueueSession", "getTopicSession" -> {
                if (xaResource != null) {
                    return proxy;
                }
            }
            case "setMessageListener", "getMessageListener" -> throw EeRules.forbidden("Session." + name);
            case "run" -> { // declares no JMSException
                IllegalStateException e = EeRules.forbidden("Session.run");
                throw new jakarta.jms.IllegalStateRuntimeException(e.getMessage(), e.getErrorCode(), e);
            }
            case "commit", "rollback", "recover" -> {
                if (containerTx) {
                    throw EeRules.inTransaction("Session." + name);
                }
            }
            case "getTransacted" -> {
                if (containerTx) {
                    return true;
                }
            }
            case "getAcknowledgeMode" -> {
                if (containerTx) {
                    return Session.SESSION_TRANSACTED;
                }
            }
            default -> {
                // passed on
            }
        }
        Object result = call(physical, m, args);
        if (result instanceof MessageConsumer c) {
            MessageConsumer wrapped = ConsumerHandle.wrap(c);
            remember(wrapped);
            return wrapped;
        }
        if (result instanceof MessageProducer p) {
            remember(p);
        } else if (result instanceof QueueBrowser b) {
            remember(b);
        }
        return result;
    }

    private synchronized void remember(AutoCloseable c) {
        made.add(c);
    }

    private void close(Object proxy) throws JMSException {
        List<AutoCloseable> toClose;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            toClose = new ArrayList<>(made);
            made.clear();
        }
        JMSException first = null;
        for (AutoCloseable c : toClose) {
            try {
                c.close();
            } catch (JMSException e) {
                first = first == null ? e : first;
            } catch (Exception e) {
                first = first == null ? new JMSException(e.getMessage()) : first;
            }
        }
        connection.sessionClosed((Session) proxy);
        if (first != null) {
            throw first;
        }
    }

    static Object call(Object target, Method m, Object[] args) throws Throwable {
        try {
            return m.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    /** A consumer whose listener methods are refused (EE rules). */
    static final class ConsumerHandle implements InvocationHandler {
        private final MessageConsumer physical;

        private ConsumerHandle(MessageConsumer physical) {
            this.physical = physical;
        }

        static MessageConsumer wrap(MessageConsumer c) {
            Set<Class<?>> ifaces = new LinkedHashSet<>();
            for (Class<?> k = c.getClass(); k != null; k = k.getSuperclass()) {
                for (Class<?> i : k.getInterfaces()) {
                    if (i.getName().startsWith("jakarta.jms.")) {
                        ifaces.add(i);
                    }
                }
            }
            return (MessageConsumer) Proxy.newProxyInstance(SessionHandle.class.getClassLoader(), ifaces.toArray(new Class<?>[0]),
                    new ConsumerHandle(c));
        }

        @Override
        public Object invoke(Object proxy, Method m, Object[] args) throws Throwable {
            String name = m.getName();
            if (m.getDeclaringClass() == Object.class) {
                return switch (name) {
                    case "equals" -> proxy == args[0];
                    case "hashCode" -> System.identityHashCode(proxy);
                    default -> "Tern consumer handle on " + physical;
                };
            }
            if (name.equals("setMessageListener") || name.equals("getMessageListener")) {
                throw EeRules.forbidden("MessageConsumer." + name);
            }
            return call(physical, m, args);
        }
    }
}
