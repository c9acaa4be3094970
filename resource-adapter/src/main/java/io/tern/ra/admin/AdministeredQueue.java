package io.tern.ra.admin;

import jakarta.jms.Queue;

/** The queue admin object of {@code tern-ra.rar} (see {@link AdministeredDestination}). */
public class AdministeredQueue extends AdministeredDestination implements Queue {
    private static final long serialVersionUID = 1L;

    public AdministeredQueue() {
        super("queue");
    }

    @Override
    public String getQueueName() {
        return getName();
    }
}
