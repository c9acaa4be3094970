package io.tern.jms.jndi;

import io.tern.jms.TernConnectionFactory;
import io.tern.jms.TernDestination;
import io.tern.jms.TernQueue;

import javax.naming.Context;
import javax.naming.Name;
import javax.naming.NamingException;
import javax.naming.RefAddr;
import javax.naming.Reference;
import javax.naming.spi.ObjectFactory;
import java.util.Hashtable;

/**
 * Rebuilds Tern's administered objects from their JNDI {@link Reference}s, so a JNDI tree (an application server's,
 * LDAP...) can hold them as references:
 * <pre>
 *   className  TernConnectionFactory (or a subclass, such as TernXAConnectionFactory)   address "url": tern://h:p?k=v
 *   className  TernQueue / TernTopic                                                    address "uri": queue://X, topic://X
 * </pre>
 * A reference that is not one of these gives null (the JNDI contract: another factory may know it). A factory class
 * is made only if it is a {@link TernConnectionFactory} subclass with a public {@code (String url)} constructor.
 *
 * <p>Thread rules: stateless, any thread.
 */
public class TernObjectFactory implements ObjectFactory {
    /** The address type of a factory reference: the factory's URL. */
    public static final String URL_ADDRESS = "url";

    @Override
    public Object getObjectInstance(Object obj, Name name, Context nameCtx, Hashtable<?, ?> environment) throws Exception {
        if (!(obj instanceof Reference ref) || !TernObjectFactory.class.getName().equals(ref.getFactoryClassName())) {
            return null;
        }
        RefAddr uri = ref.get(TernQueue.REFERENCE_ADDRESS);
        if (uri != null) {
            return destination(ref, (String) uri.getContent());
        }
        RefAddr url = ref.get(URL_ADDRESS);
        if (url != null) {
            return factory(ref, (String) url.getContent());
        }
        throw new NamingException("reference to a " + ref.getClassName() + " holds neither a '" + URL_ADDRESS
                + "' (connection factory) nor a '" + TernQueue.REFERENCE_ADDRESS + "' (destination) address");
    }

    private static Object destination(Reference ref, String uri) throws NamingException {
        TernDestination d;
        try {
            d = TernDestination.fromUri(uri);
        } catch (IllegalArgumentException e) {
            throw naming("reference to a " + ref.getClassName() + ": " + e.getMessage(), e);
        }
        if (!d.getClass().getName().equals(ref.getClassName())) {
            throw new NamingException("reference to a " + ref.getClassName() + " holds " + uri + ", which is a " + d.getClass().getName());
        }
        return d;
    }

    private static Object factory(Reference ref, String url) throws NamingException {
        Class<?> type;
        try {
            type = Class.forName(ref.getClassName(), false, TernObjectFactory.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw naming("reference names connection factory class " + ref.getClassName() + ", which is not on the classpath", e);
        }
        if (!TernConnectionFactory.class.isAssignableFrom(type)) {
            throw new NamingException("reference names " + ref.getClassName() + ", which is not a " + TernConnectionFactory.class.getName());
        }
        try {
            return type.getConstructor(String.class).newInstance(url);
        } catch (java.lang.reflect.InvocationTargetException e) {
            throw naming("connection factory reference (" + ref.getClassName() + "): " + e.getCause().getMessage(), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw naming(ref.getClassName() + " has no public (String url) constructor", e);
        }
    }

    private static NamingException naming(String message, Throwable cause) {
        NamingException n = new NamingException(message);
        n.setRootCause(cause);
        return n;
    }
}
