package io.tern.jms.cdi;

import jakarta.enterprise.inject.spi.InjectionPoint;
import jakarta.jms.JMSConnectionFactory;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSPasswordCredential;
import jakarta.jms.JMSSessionMode;

/**
 * What makes two injected JMSContexts "identical" (JMS 3.1 section 12.4.4): the connection factory's JNDI name, the
 * credentials and the session mode of the injection point's annotations. Injection points with equal keys share
 * one context within a request.
 *
 * @param factoryName {@code @JMSConnectionFactory}'s value, or the platform default {@value #DEFAULT_FACTORY}
 * @param user        {@code @JMSPasswordCredential}'s user, or null for the factory's own
 * @param password    its password, or null
 * @param sessionMode {@code @JMSSessionMode}'s value, or AUTO_ACKNOWLEDGE
 */
public record ContextKey(String factoryName, String user, String password, int sessionMode) {
    static final String DEFAULT_FACTORY = "java:comp/DefaultJMSConnectionFactory";

    static ContextKey of(InjectionPoint ip) {
        JMSConnectionFactory f = ip.getAnnotated() == null ? null : ip.getAnnotated().getAnnotation(JMSConnectionFactory.class);
        JMSPasswordCredential c = ip.getAnnotated() == null ? null : ip.getAnnotated().getAnnotation(JMSPasswordCredential.class);
        JMSSessionMode m = ip.getAnnotated() == null ? null : ip.getAnnotated().getAnnotation(JMSSessionMode.class);
        return new ContextKey(f == null ? DEFAULT_FACTORY : f.value(), c == null ? null : c.userName(), c == null ? null : c.password(),
                m == null ? JMSContext.AUTO_ACKNOWLEDGE : m.value());
    }

    /** Never the password: keys appear in messages. */
    @Override
    public String toString() {
        return "@JMSConnectionFactory(\"" + factoryName + "\")" + (user == null ? "" : " @JMSPasswordCredential(userName=\"" + user + "\")")
                + " @JMSSessionMode(" + sessionMode + ")";
    }
}
