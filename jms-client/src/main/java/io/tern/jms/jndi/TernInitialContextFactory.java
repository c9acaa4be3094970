package io.tern.jms.jndi;

import javax.naming.Context;
import javax.naming.NamingException;
import javax.naming.spi.InitialContextFactory;
import java.util.Hashtable;

/**
 * The JNDI entry point: {@code java.naming.factory.initial=io.tern.jms.jndi.TernInitialContextFactory} in a
 * {@code jndi.properties} (or the environment given to {@code new InitialContext(env)}), then
 * <pre>
 *   connectionFactory.NAME = tern://host:9876[,host2:9876]?clientID=..&amp;user=..&amp;password=..   a TernConnectionFactory bound as NAME
 *   queue.NAME             = physicalName                                                  a Queue bound as NAME
 *   topic.NAME             = physicalName                                                  a Topic bound as NAME
 *   java.naming.provider.url = tern://...    the URL of the default factory "ConnectionFactory" (default tern://127.0.0.1:9876)
 * </pre>
 * and lookups of {@code dynamicQueues/X} and {@code dynamicTopics/X} give the queue or topic X without any entry, as
 * ActiveMQ users know them. {@code ConnectionFactory} (and its alias {@code java:comp/DefaultJMSConnectionFactory})
 * is bound unless an entry of that name is given. A key that is none of these (and not a standard {@code java.*}
 * key), an empty name or physical name, or a factory URL that does not parse, is a {@link NamingException} naming it:
 * a typo fails the first {@code new InitialContext()}, not a later lookup.
 *
 * <p>Thread rules: stateless; each call parses the environment into a new, independent context.
 */
public class TernInitialContextFactory implements InitialContextFactory {
    @Override
    public Context getInitialContext(Hashtable<?, ?> environment) throws NamingException {
        Hashtable<Object, Object> env = new Hashtable<>(environment == null ? new Hashtable<>() : environment);
        return new TernNamingContext(JndiBindings.parse(env), env);
    }
}
