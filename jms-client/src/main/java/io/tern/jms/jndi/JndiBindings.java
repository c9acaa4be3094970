package io.tern.jms.jndi;

import io.tern.jms.TernConnectionFactory;
import io.tern.jms.TernQueue;
import io.tern.jms.TernTopic;

import javax.naming.ConfigurationException;
import javax.naming.Context;
import javax.naming.NamingException;
import java.util.Hashtable;
import java.util.Map;
import java.util.TreeMap;

/**
 * Parses a JNDI environment into the objects it binds (the key rules are on {@link TernInitialContextFactory}).
 * Nothing is connected here: a factory is only its settings until the application calls {@code createConnection}.
 *
 * <p>Thread rules: a pure function.
 */
final class JndiBindings {
    static final String FACTORY_PREFIX = "connectionFactory.";
    static final String QUEUE_PREFIX = "queue.";
    static final String TOPIC_PREFIX = "topic.";
    static final String DEFAULT_FACTORY = "ConnectionFactory";
    static final String DEFAULT_FACTORY_ALIAS = "java:comp/DefaultJMSConnectionFactory";
    static final String DEFAULT_URL = "tern://127.0.0.1:9876";

    private JndiBindings() {
    }

    static Map<String, Object> parse(Hashtable<?, ?> env) throws NamingException {
        Map<String, Object> out = new TreeMap<>();
        for (Map.Entry<?, ?> e : new TreeMap<>(env).entrySet()) {
            String key = String.valueOf(e.getKey());
            String value = e.getValue() == null ? null : String.valueOf(e.getValue()).trim();
            if (key.startsWith("java.")) {
                continue; // the standard keys (java.naming.factory.initial, provider.url ...)
            }
            if (key.startsWith(FACTORY_PREFIX)) {
                out.put(name(key, FACTORY_PREFIX), factory(key, value));
            } else if (key.startsWith(QUEUE_PREFIX)) {
                out.put(name(key, QUEUE_PREFIX), new TernQueue(physical(key, value)));
            } else if (key.startsWith(TOPIC_PREFIX)) {
                out.put(name(key, TOPIC_PREFIX), new TernTopic(physical(key, value)));
            } else {
                throw new ConfigurationException("unknown Tern JNDI property '" + key + "'; use " + FACTORY_PREFIX + "NAME=tern://host:port?options, "
                        + QUEUE_PREFIX + "NAME=physicalName or " + TOPIC_PREFIX + "NAME=physicalName");
            }
        }
        if (!out.containsKey(DEFAULT_FACTORY)) {
            Object url = env.get(Context.PROVIDER_URL);
            out.put(DEFAULT_FACTORY, factory(Context.PROVIDER_URL, url == null ? DEFAULT_URL : String.valueOf(url).trim()));
        }
        out.putIfAbsent(DEFAULT_FACTORY_ALIAS, out.get(DEFAULT_FACTORY));
        return out;
    }

    private static String name(String key, String prefix) throws ConfigurationException {
        String name = key.substring(prefix.length()).trim();
        if (name.isEmpty()) {
            throw new ConfigurationException("JNDI property '" + key + "' has an empty name; write " + prefix + "NAME=...");
        }
        return name;
    }

    private static String physical(String key, String value) throws ConfigurationException {
        if (value == null || value.isEmpty()) {
            throw new ConfigurationException("JNDI property '" + key + "' has no physical destination name");
        }
        return value;
    }

    private static TernConnectionFactory factory(String key, String url) throws ConfigurationException {
        try {
            return new TernConnectionFactory(url);
        } catch (IllegalArgumentException e) {
            ConfigurationException c = new ConfigurationException("JNDI property '" + key + "': " + e.getMessage());
            c.setRootCause(e);
            throw c;
        }
    }
}
