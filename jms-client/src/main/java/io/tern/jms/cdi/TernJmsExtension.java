package io.tern.jms.cdi;

import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.enterprise.inject.spi.BeforeBeanDiscovery;
import jakarta.enterprise.inject.spi.DefinitionException;
import jakarta.enterprise.inject.spi.Extension;
import jakarta.enterprise.inject.spi.ProcessInjectionPoint;
import jakarta.jms.JMSContext;

/**
 * Tern's portable CDI extension (registered in {@code META-INF/services/jakarta.enterprise.inject.spi.Extension}, so
 * Weld SE or any CDI container finds it on the classpath): adds the {@link JmsContextProducer} and the
 * {@link RequestContexts} beans, and checks every {@code @Inject JMSContext} at deployment. A container-managed
 * context cannot commit or acknowledge (section 12.4.5), so {@code @JMSSessionMode(SESSION_TRANSACTED)} or
 * {@code CLIENT_ACKNOWLEDGE} is refused there (a definition error naming the injection point) rather than losing
 * every send or acknowledging nothing at run time.
 */
public class TernJmsExtension implements Extension {
    void addBeans(@Observes BeforeBeanDiscovery bbd, BeanManager bm) {
        bbd.addAnnotatedType(bm.createAnnotatedType(JmsContextProducer.class), JmsContextProducer.class.getName());
        bbd.addAnnotatedType(bm.createAnnotatedType(RequestContexts.class), RequestContexts.class.getName());
    }

    void check(@Observes ProcessInjectionPoint<?, JMSContext> pip) {
        ContextKey key = ContextKey.of(pip.getInjectionPoint());
        int mode = key.sessionMode();
        if (mode != JMSContext.AUTO_ACKNOWLEDGE && mode != JMSContext.DUPS_OK_ACKNOWLEDGE) {
            pip.addDefinitionError(new DefinitionException("injected JMSContext at " + pip.getInjectionPoint().getMember() + ": @JMSSessionMode("
                    + mode + ") is not allowed; an injected context can only be AUTO_ACKNOWLEDGE (1) or DUPS_OK_ACKNOWLEDGE (3), because "
                    + "commit/acknowledge are reserved to the container (JMS 3.1 section 12.4.5); use ConnectionFactory.createContext("
                    + mode + ") for an application-managed one"));
        }
    }
}
