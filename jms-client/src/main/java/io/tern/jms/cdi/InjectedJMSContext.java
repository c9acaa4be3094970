package io.tern.jms.cdi;

import jakarta.enterprise.context.ContextNotActiveException;
import jakarta.enterprise.context.RequestScoped;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.jms.BytesMessage;
import jakarta.jms.ConnectionMetaData;
import jakarta.jms.Destination;
import jakarta.jms.ExceptionListener;
import jakarta.jms.IllegalStateRuntimeException;
import jakarta.jms.JMSConsumer;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSProducer;
import jakarta.jms.MapMessage;
import jakarta.jms.Message;
import jakarta.jms.ObjectMessage;
import jakarta.jms.Queue;
import jakarta.jms.QueueBrowser;
import jakarta.jms.StreamMessage;
import jakarta.jms.TemporaryQueue;
import jakarta.jms.TemporaryTopic;
import jakarta.jms.TextMessage;
import jakarta.jms.Topic;

import java.io.Serializable;

/**
 * The JMSContext CDI injects (a container-managed context, JMS 3.1 section 12.4): a dependent-scoped stand-in that
 * passes every call to the real context of its {@link ContextKey}:
 * <ul>
 *   <li>while a CDI request context is active, the request's one context for that key ({@link RequestContexts}:
 *       shared by identical injection points, closed when the request ends);</li>
 *   <li>with no active request (Java SE has no JTA transaction scope), a context of this stand-in's own, made on first
 *       use and closed when the bean it was injected into is destroyed.</li>
 * </ul>
 * The methods the spec reserves to the container (section 12.4.5: {@code setClientID}, {@code setExceptionListener},
 * {@code start}, {@code stop}, {@code setAutoStart}, {@code acknowledge}, {@code commit}, {@code rollback},
 * {@code recover}, {@code close}) throw {@link IllegalStateRuntimeException}.
 *
 * <p>Thread rules: a JMSContext is for one thread at a time; give each thread its own request
 * ({@code @ActivateRequestContext}) to share an injected context between threads.
 */
final class InjectedJMSContext implements JMSContext {
    private final ContextKey key;
    private final RequestContexts requestContexts;
    private final BeanManager beans;
    private JMSContext own; // guarded by this

    InjectedJMSContext(ContextKey key, RequestContexts requestContexts, BeanManager beans) {
        this.key = key;
        this.requestContexts = requestContexts;
        this.beans = beans;
    }

    private JMSContext delegate() {
        if (requestActive()) {
            return requestContexts.get(key);
        }
        synchronized (this) {
            if (own == null) {
                own = ContextOpener.open(key);
            }
            return own;
        }
    }

    private boolean requestActive() {
        try {
            return beans.getContext(RequestScoped.class).isActive();
        } catch (ContextNotActiveException e) {
            return false;
        }
    }

    /** The bean this was injected into is destroyed: its own context (if it made one) closes. */
    void release() {
        JMSContext c;
        synchronized (this) {
            c = own;
            own = null;
        }
        if (c != null) {
            c.close();
        }
    }

    private IllegalStateRuntimeException containerManaged(String method) {
        return new IllegalStateRuntimeException("JMSContext." + method + " is not allowed on an injected (container-managed) JMSContext "
                + key + " (JMS 3.1 section 12.4.5); create your own with ConnectionFactory.createContext() to call it");
    }

    // ---- reserved to the container ----

    @Override
    public void setClientID(String clientID) {
        throw containerManaged("setClientID");
    }

    @Override
    public void setExceptionListener(ExceptionListener listener) {
        throw containerManaged("setExceptionListener");
    }

    @Override
    public void start() {
        throw containerManaged("start");
    }

    @Override
    public void stop() {
        throw containerManaged("stop");
    }

    @Override
    public void setAutoStart(boolean autoStart) {
        throw containerManaged("setAutoStart");
    }

    @Override
    public void close() {
        throw containerManaged("close");
    }

    @Override
    public void acknowledge() {
        throw containerManaged("acknowledge");
    }

    @Override
    public void commit() {
        throw containerManaged("commit");
    }

    @Override
    public void rollback() {
        throw containerManaged("rollback");
    }

    @Override
    public void recover() {
        throw containerManaged("recover");
    }

    // ---- passed on ----

    @Override
    public JMSContext createContext(int sessionMode) {
        throw containerManaged("createContext");
    }

    @Override
    public JMSProducer createProducer() {
        return delegate().createProducer();
    }

    @Override
    public String getClientID() {
        return delegate().getClientID();
    }

    @Override
    public ConnectionMetaData getMetaData() {
        return delegate().getMetaData();
    }

    @Override
    public ExceptionListener getExceptionListener() {
        return delegate().getExceptionListener();
    }

    @Override
    public boolean getAutoStart() {
        return delegate().getAutoStart();
    }

    @Override
    public BytesMessage createBytesMessage() {
        return delegate().createBytesMessage();
    }

    @Override
    public MapMessage createMapMessage() {
        return delegate().createMapMessage();
    }

    @Override
    public Message createMessage() {
        return delegate().createMessage();
    }

    @Override
    public ObjectMessage createObjectMessage() {
        return delegate().createObjectMessage();
    }

    @Override
    public ObjectMessage createObjectMessage(Serializable object) {
        return delegate().createObjectMessage(object);
    }

    @Override
    public StreamMessage createStreamMessage() {
        return delegate().createStreamMessage();
    }

    @Override
    public TextMessage createTextMessage() {
        return delegate().createTextMessage();
    }

    @Override
    public TextMessage createTextMessage(String text) {
        return delegate().createTextMessage(text);
    }

    @Override
    public boolean getTransacted() {
        return delegate().getTransacted();
    }

    @Override
    public int getSessionMode() {
        return delegate().getSessionMode();
    }

    @Override
    public JMSConsumer createConsumer(Destination destination) {
        return delegate().createConsumer(destination);
    }

    @Override
    public JMSConsumer createConsumer(Destination destination, String messageSelector) {
        return delegate().createConsumer(destination, messageSelector);
    }

    @Override
    public JMSConsumer createConsumer(Destination destination, String messageSelector, boolean noLocal) {
        return delegate().createConsumer(destination, messageSelector, noLocal);
    }

    @Override
    public Queue createQueue(String queueName) {
        return delegate().createQueue(queueName);
    }

    @Override
    public Topic createTopic(String topicName) {
        return delegate().createTopic(topicName);
    }

    @Override
    public JMSConsumer createDurableConsumer(Topic topic, String name) {
        return delegate().createDurableConsumer(topic, name);
    }

    @Override
    public JMSConsumer createDurableConsumer(Topic topic, String name, String messageSelector, boolean noLocal) {
        return delegate().createDurableConsumer(topic, name, messageSelector, noLocal);
    }

    @Override
    public JMSConsumer createSharedDurableConsumer(Topic topic, String name) {
        return delegate().createSharedDurableConsumer(topic, name);
    }

    @Override
    public JMSConsumer createSharedDurableConsumer(Topic topic, String name, String messageSelector) {
        return delegate().createSharedDurableConsumer(topic, name, messageSelector);
    }

    @Override
    public JMSConsumer createSharedConsumer(Topic topic, String sharedSubscriptionName) {
        return delegate().createSharedConsumer(topic, sharedSubscriptionName);
    }

    @Override
    public JMSConsumer createSharedConsumer(Topic topic, String sharedSubscriptionName, String messageSelector) {
        return delegate().createSharedConsumer(topic, sharedSubscriptionName, messageSelector);
    }

    @Override
    public QueueBrowser createBrowser(Queue queue) {
        return delegate().createBrowser(queue);
    }

    @Override
    public QueueBrowser createBrowser(Queue queue, String messageSelector) {
        return delegate().createBrowser(queue, messageSelector);
    }

    @Override
    public TemporaryQueue createTemporaryQueue() {
        return delegate().createTemporaryQueue();
    }

    @Override
    public TemporaryTopic createTemporaryTopic() {
        return delegate().createTemporaryTopic();
    }

    @Override
    public void unsubscribe(String name) {
        delegate().unsubscribe(name);
    }

    @Override
    public String toString() {
        return "injected JMSContext " + key;
    }
}
