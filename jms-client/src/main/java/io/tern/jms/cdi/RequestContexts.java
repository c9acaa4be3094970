package io.tern.jms.cdi;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.RequestScoped;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSRuntimeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The real JMSContexts of one CDI request, one per {@link ContextKey}: made the first time an injected context with
 * that key is used in the request, closed when the request ends (JMS 3.1 section 12.4.4).
 *
 * <p>Thread rules: a request is one thread at a time; the map is guarded by {@code this} all the same.
 */
@RequestScoped
public class RequestContexts {
    private static final Logger LOG = LoggerFactory.getLogger(RequestContexts.class);
    private final Map<ContextKey, JMSContext> open = new LinkedHashMap<>();

    public synchronized JMSContext get(ContextKey key) {
        return open.computeIfAbsent(key, ContextOpener::open);
    }

    @PreDestroy
    synchronized void closeAll() {
        for (Map.Entry<ContextKey, JMSContext> e : open.entrySet()) {
            try {
                e.getValue().close();
            } catch (JMSRuntimeException x) {
                LOG.warn("closing the injected JMSContext {} at the end of its request failed", e.getKey(), x);
            }
        }
        open.clear();
    }
}
