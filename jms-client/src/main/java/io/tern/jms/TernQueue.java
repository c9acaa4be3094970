package io.tern.jms;

import jakarta.jms.Queue;

import javax.naming.Reference;
import javax.naming.Referenceable;
import javax.naming.StringRefAddr;

/**
 * A queue: its messages go to the engine topic of the same name and are consumed in the lease group of that name
 * (competing consumers). Immutable and thread-safe; Referenceable so a JNDI tree can bind it (the reference holds the
 * text form under the address type {@value #REFERENCE_ADDRESS}, resolved by {@code io.tern.jms.jndi.TernObjectFactory}).
 */
public final class TernQueue extends TernDestination implements Queue, Referenceable {
    private static final long serialVersionUID = 1L;
    /** The address type of the text form in a JNDI {@link Reference} to a Tern destination. */
    public static final String REFERENCE_ADDRESS = "uri";
    static final String OBJECT_FACTORY = "io.tern.jms.jndi.TernObjectFactory";

    public TernQueue(String name) {
        super(name);
    }

    @Override
    public String getQueueName() {
        return name();
    }

    @Override
    String scheme() {
        return QUEUE_SCHEME;
    }

    @Override
    public boolean isQueue() {
        return true;
    }

    @Override
    public boolean isTemporary() {
        return false;
    }

    @Override
    public Reference getReference() {
        return reference(this);
    }

    static Reference reference(TernDestination d) {
        return new Reference(d.getClass().getName(), new StringRefAddr(REFERENCE_ADDRESS, d.toUri()), OBJECT_FACTORY, null);
    }
}
