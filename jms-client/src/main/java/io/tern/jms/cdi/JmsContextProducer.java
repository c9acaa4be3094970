package io.tern.jms.cdi;

import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.enterprise.inject.spi.InjectionPoint;
import jakarta.jms.JMSContext;

/**
 * The CDI producer of {@code @Inject JMSContext}: one {@link InjectedJMSContext} per injection point (dependent
 * scope, as the spec requires), disposed with the bean it was injected into. Added to the application by
 * {@link TernJmsExtension}; an application needs no beans.xml entry for it.
 */
@Dependent
public class JmsContextProducer {
    @Produces
    @Dependent
    JMSContext inject(InjectionPoint ip, RequestContexts requestContexts, BeanManager beans) {
        return new InjectedJMSContext(ContextKey.of(ip), requestContexts, beans);
    }

    void dispose(@Disposes JMSContext context) {
        if (context instanceof InjectedJMSContext injected) {
            injected.release();
        }
    }
}
