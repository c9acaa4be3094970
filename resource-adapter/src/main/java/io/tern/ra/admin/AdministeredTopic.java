package io.tern.ra.admin;

import jakarta.jms.Topic;

/** The topic admin object of {@code tern-ra.rar} (see {@link AdministeredDestination}). */
public class AdministeredTopic extends AdministeredDestination implements Topic {
    private static final long serialVersionUID = 1L;

    public AdministeredTopic() {
        super("topic");
    }

    @Override
    public String getTopicName() {
        return getName();
    }
}
