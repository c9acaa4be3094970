package io.tern.jms.jndi;

import io.tern.jms.TernQueue;
import io.tern.jms.TernTopic;

import javax.naming.Binding;
import javax.naming.CompositeName;
import javax.naming.Context;
import javax.naming.InvalidNameException;
import javax.naming.Name;
import javax.naming.NameAlreadyBoundException;
import javax.naming.NameClassPair;
import javax.naming.NameNotFoundException;
import javax.naming.NameParser;
import javax.naming.NamingEnumeration;
import javax.naming.NamingException;
import javax.naming.OperationNotSupportedException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The flat, in-memory naming context {@link TernInitialContextFactory} returns: the objects of the environment, plus
 * {@code dynamicQueues/X} and {@code dynamicTopics/X} made on lookup. {@code bind}/{@code rebind}/{@code unbind}/
 * {@code rename} change this context only (nothing is shared or persisted); subcontexts do not exist (
 * {@link OperationNotSupportedException}).
 *
 * <p>Thread rules: any thread (a concurrent map).
 */
final class TernNamingContext implements Context {
    static final String DYNAMIC_QUEUES = "dynamicQueues/";
    static final String DYNAMIC_TOPICS = "dynamicTopics/";
    private static final NameParser PARSER = CompositeName::new;

    private final Map<String, Object> bindings;
    private final Hashtable<Object, Object> env;

    TernNamingContext(Map<String, Object> bindings, Hashtable<Object, Object> env) {
        this.bindings = new ConcurrentSkipListMap<>(bindings);
        this.env = env;
    }

    @Override
    public Object lookup(String name) throws NamingException {
        if (name == null || name.isEmpty()) {
            return new TernNamingContext(bindings, new Hashtable<>(env));
        }
        Object o = bindings.get(name);
        if (o != null) {
            return o;
        }
        if (name.startsWith(DYNAMIC_QUEUES)) {
            return new TernQueue(dynamicName(name, DYNAMIC_QUEUES));
        }
        if (name.startsWith(DYNAMIC_TOPICS)) {
            return new TernTopic(dynamicName(name, DYNAMIC_TOPICS));
        }
        NameNotFoundException e = new NameNotFoundException("'" + name + "' is not bound in the Tern JNDI context; bound: " + bindings.keySet()
                + "; declare it as connectionFactory." + name + "=tern://..., queue." + name + "=physicalName or topic." + name
                + "=physicalName, or look up " + DYNAMIC_QUEUES + "X / " + DYNAMIC_TOPICS + "X");
        e.setRemainingName(new CompositeName(name));
        throw e;
    }

    private static String dynamicName(String name, String prefix) throws InvalidNameException {
        String physical = name.substring(prefix.length());
        if (physical.isEmpty()) {
            throw new InvalidNameException("'" + name + "' names no destination: write " + prefix + "physicalName");
        }
        return physical;
    }

    @Override
    public Object lookup(Name name) throws NamingException {
        return lookup(name.toString());
    }

    @Override
    public void bind(String name, Object obj) throws NamingException {
        checkName(name);
        if (bindings.putIfAbsent(name, obj) != null) {
            throw new NameAlreadyBoundException("'" + name + "' is already bound; use rebind to replace it");
        }
    }

    @Override
    public void bind(Name name, Object obj) throws NamingException {
        bind(name.toString(), obj);
    }

    @Override
    public void rebind(String name, Object obj) throws NamingException {
        checkName(name);
        bindings.put(name, obj);
    }

    @Override
    public void rebind(Name name, Object obj) throws NamingException {
        rebind(name.toString(), obj);
    }

    @Override
    public void unbind(String name) throws NamingException {
        checkName(name);
        bindings.remove(name);
    }

    @Override
    public void unbind(Name name) throws NamingException {
        unbind(name.toString());
    }

    @Override
    public void rename(String oldName, String newName) throws NamingException {
        checkName(newName);
        Object o = lookup(oldName);
        bind(newName, o);
        bindings.remove(oldName);
    }

    @Override
    public void rename(Name oldName, Name newName) throws NamingException {
        rename(oldName.toString(), newName.toString());
    }

    private static void checkName(String name) throws InvalidNameException {
        if (name == null || name.isEmpty()) {
            throw new InvalidNameException("an empty name cannot be bound");
        }
    }

    @Override
    public NamingEnumeration<NameClassPair> list(String name) throws NamingException {
        checkRoot(name);
        List<NameClassPair> out = new ArrayList<>();
        bindings.forEach((k, v) -> out.add(new NameClassPair(k, v.getClass().getName())));
        return new ListEnumeration<>(out);
    }

    @Override
    public NamingEnumeration<NameClassPair> list(Name name) throws NamingException {
        return list(name.toString());
    }

    @Override
    public NamingEnumeration<Binding> listBindings(String name) throws NamingException {
        checkRoot(name);
        List<Binding> out = new ArrayList<>();
        bindings.forEach((k, v) -> out.add(new Binding(k, v)));
        return new ListEnumeration<>(out);
    }

    @Override
    public NamingEnumeration<Binding> listBindings(Name name) throws NamingException {
        return listBindings(name.toString());
    }

    private static void checkRoot(String name) throws NamingException {
        if (name != null && !name.isEmpty()) {
            throw new OperationNotSupportedException("the Tern JNDI context is flat: list(\"\") lists it, '" + name + "' is not a context");
        }
    }

    @Override
    public void destroySubcontext(String name) throws NamingException {
        throw new OperationNotSupportedException("the Tern JNDI context is flat: no subcontext '" + name + "'");
    }

    @Override
    public void destroySubcontext(Name name) throws NamingException {
        destroySubcontext(name.toString());
    }

    @Override
    public Context createSubcontext(String name) throws NamingException {
        throw new OperationNotSupportedException("the Tern JNDI context is flat: subcontext '" + name + "' cannot be made; bind names with slashes instead");
    }

    @Override
    public Context createSubcontext(Name name) throws NamingException {
        return createSubcontext(name.toString());
    }

    @Override
    public Object lookupLink(String name) throws NamingException {
        return lookup(name);
    }

    @Override
    public Object lookupLink(Name name) throws NamingException {
        return lookup(name);
    }

    @Override
    public NameParser getNameParser(String name) {
        return PARSER;
    }

    @Override
    public NameParser getNameParser(Name name) {
        return PARSER;
    }

    @Override
    public Name composeName(Name name, Name prefix) throws NamingException {
        return ((Name) prefix.clone()).addAll(name);
    }

    @Override
    public String composeName(String name, String prefix) {
        return prefix == null || prefix.isEmpty() ? name : prefix + "/" + name;
    }

    @Override
    public Object addToEnvironment(String propName, Object propVal) {
        return env.put(propName, propVal);
    }

    @Override
    public Object removeFromEnvironment(String propName) {
        return env.remove(propName);
    }

    @Override
    public Hashtable<?, ?> getEnvironment() {
        return new Hashtable<>(env);
    }

    @Override
    public void close() {
        // nothing is held: the factories connect only when the application asks them to
    }

    @Override
    public String getNameInNamespace() {
        return "";
    }

    /** A NamingEnumeration over a snapshot list. */
    private static final class ListEnumeration<T> implements NamingEnumeration<T> {
        private final Enumeration<T> items;

        ListEnumeration(List<T> items) {
            this.items = Collections.enumeration(items);
        }

        @Override
        public T next() {
            return nextElement();
        }

        @Override
        public boolean hasMore() {
            return items.hasMoreElements();
        }

        @Override
        public void close() {
        }

        @Override
        public boolean hasMoreElements() {
            return items.hasMoreElements();
        }

        @Override
        public T nextElement() {
            if (!items.hasMoreElements()) {
                throw new NoSuchElementException("no more bindings");
            }
            return items.nextElement();
        }
    }
}
