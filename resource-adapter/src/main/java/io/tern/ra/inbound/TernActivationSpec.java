package io.tern.ra.inbound;

import io.tern.ra.ConnectionSettings;
import io.tern.ra.TernResourceAdapter;
import jakarta.resource.ResourceException;
import jakarta.resource.spi.ActivationSpec;
import jakarta.resource.spi.InvalidPropertyException;
import jakarta.resource.spi.ResourceAdapter;

import java.beans.IntrospectionException;
import java.beans.PropertyDescriptor;
import java.util.ArrayList;
import java.util.List;

/**
 * How an MDB consumes: the standard activation properties of JMS 3.1 section 13.1 ({@code destinationLookup},
 * {@code destination}, {@code destinationType}, {@code messageSelector}, {@code acknowledgeMode},
 * {@code subscriptionDurability}, {@code subscriptionName}, {@code shareSubscriptions}, {@code clientId},
 * {@code connectionFactoryLookup}), Tern's {@code maxSession} (concurrent onMessage calls, default 10) and every
 * connection setting of {@link ConnectionSettings} ({@code prefetch}, {@code NameServers}...), which override the
 * resource adapter's.
 *
 * <p>{@link #validate()} refuses bad values naming each (the deployment fails with that message).
 * Thread rules: set by the server before activation, then read-only.
 */
public class TernActivationSpec extends ConnectionSettings implements ActivationSpec {
    private static final long serialVersionUID = 1L;
    public static final String QUEUE = "jakarta.jms.Queue";
    public static final String TOPIC = "jakarta.jms.Topic";
    public static final String DURABLE = "Durable";
    public static final String NON_DURABLE = "NonDurable";
    public static final String AUTO_ACKNOWLEDGE = "Auto-acknowledge";
    public static final String DUPS_OK_ACKNOWLEDGE = "Dups-ok-acknowledge";
    public static final int DEFAULT_MAX_SESSION = 10;

    private transient ResourceAdapter adapter;
    private String destinationLookup;
    private String destination;
    private String destinationType;
    private String messageSelector;
    private String acknowledgeMode = AUTO_ACKNOWLEDGE;
    private String subscriptionDurability = NON_DURABLE;
    private String subscriptionName;
    private Boolean shareSubscriptions = Boolean.FALSE;
    private String connectionFactoryLookup;
    private Integer maxSession = DEFAULT_MAX_SESSION;

    @Override
    public void validate() throws InvalidPropertyException {
        List<String> bad = new ArrayList<>();
        List<PropertyDescriptor> props = new ArrayList<>();
        if (blank(destinationLookup) && blank(destination)) {
            bad.add("destination/destinationLookup: one of them must name the MDB's queue or topic");
            props.add(prop("destination"));
        }
        if (destinationType != null && !isQueueType(destinationType) && !isTopicType(destinationType)) {
            bad.add("destinationType=" + destinationType + ": must be " + QUEUE + " or " + TOPIC);
            props.add(prop("destinationType"));
        }
        if (!AUTO_ACKNOWLEDGE.equalsIgnoreCase(acknowledgeMode) && !DUPS_OK_ACKNOWLEDGE.equalsIgnoreCase(acknowledgeMode)) {
            bad.add("acknowledgeMode=" + acknowledgeMode + ": must be " + AUTO_ACKNOWLEDGE + " or " + DUPS_OK_ACKNOWLEDGE);
            props.add(prop("acknowledgeMode"));
        }
        if (!DURABLE.equalsIgnoreCase(subscriptionDurability) && !NON_DURABLE.equalsIgnoreCase(subscriptionDurability)) {
            bad.add("subscriptionDurability=" + subscriptionDurability + ": must be " + DURABLE + " or " + NON_DURABLE);
            props.add(prop("subscriptionDurability"));
        }
        if (isDurable() && blank(subscriptionName)) {
            bad.add("subscriptionName: a Durable subscription needs a name");
            props.add(prop("subscriptionName"));
        }
        if (isDurable() && !isShared() && blank(getClientID())) {
            bad.add("clientId: an unshared Durable subscription needs a client ID (or set shareSubscriptions=true)");
            props.add(prop("clientId"));
        }
        if (isShared() && blank(subscriptionName)) {
            bad.add("subscriptionName: shareSubscriptions=true needs a subscription name");
            props.add(prop("subscriptionName"));
        }
        if (maxSession == null || maxSession < 1 || maxSession > 1000) {
            bad.add("maxSession=" + maxSession + ": must be 1-1000");
            props.add(prop("maxSession"));
        }
        if (messageSelector != null && messageSelector.isBlank()) {
            messageSelector = null;
        }
        if (!bad.isEmpty()) {
            InvalidPropertyException e = new InvalidPropertyException("Tern activation spec refused: " + String.join("; ", bad));
            e.setInvalidPropertyDescriptors(props.toArray(new PropertyDescriptor[0]));
            throw e;
        }
    }

    private PropertyDescriptor prop(String name) {
        try {
            return new PropertyDescriptor(name, TernActivationSpec.class);
        } catch (IntrospectionException e) {
            throw new IllegalStateException("no bean property " + name + " on " + TernActivationSpec.class.getName(), e);
        }
    }

    static boolean isQueueType(String t) {
        return QUEUE.equals(t) || "javax.jms.Queue".equals(t);
    }

    static boolean isTopicType(String t) {
        return TOPIC.equals(t) || "javax.jms.Topic".equals(t);
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    /** True for a topic subscription (by destinationType; a looked-up destination decides when it is not given). */
    public boolean topicType() {
        return destinationType != null && isTopicType(destinationType);
    }

    public boolean isDurable() {
        return DURABLE.equalsIgnoreCase(subscriptionDurability);
    }

    public boolean isShared() {
        return Boolean.TRUE.equals(shareSubscriptions);
    }

    // ---- bean properties ----

    public String getDestinationLookup() { return destinationLookup; }
    public void setDestinationLookup(String v) { destinationLookup = blank(v) ? null : v.trim(); }
    public String getDestination() { return destination; }
    public void setDestination(String v) { destination = blank(v) ? null : v.trim(); }
    public String getDestinationType() { return destinationType; }
    public void setDestinationType(String v) { destinationType = blank(v) ? null : v.trim(); }
    public String getMessageSelector() { return messageSelector; }
    public void setMessageSelector(String v) { messageSelector = blank(v) ? null : v; }
    public String getAcknowledgeMode() { return acknowledgeMode; }
    public void setAcknowledgeMode(String v) { acknowledgeMode = blank(v) ? AUTO_ACKNOWLEDGE : v.trim(); }
    public String getSubscriptionDurability() { return subscriptionDurability; }
    public void setSubscriptionDurability(String v) { subscriptionDurability = blank(v) ? NON_DURABLE : v.trim(); }
    public String getSubscriptionName() { return subscriptionName; }
    public void setSubscriptionName(String v) { subscriptionName = blank(v) ? null : v.trim(); }
    public Boolean getShareSubscriptions() { return shareSubscriptions; }
    public void setShareSubscriptions(Boolean v) { shareSubscriptions = v != null && v; }
    /** The standard spelling of the client ID property; the same setting as {@code ClientID}. */
    public String getClientId() { return getClientID(); }
    public void setClientId(String v) { setClientID(v); }
    public String getConnectionFactoryLookup() { return connectionFactoryLookup; }
    public void setConnectionFactoryLookup(String v) { connectionFactoryLookup = blank(v) ? null : v.trim(); }
    public Integer getMaxSession() { return maxSession; }
    public void setMaxSession(Integer v) { maxSession = v; }

    @Override
    public ResourceAdapter getResourceAdapter() {
        return adapter;
    }

    @Override
    public void setResourceAdapter(ResourceAdapter ra) throws ResourceException {
        if (ra != null && !(ra instanceof TernResourceAdapter)) {
            throw new ResourceException("a Tern activation spec belongs to a Tern resource adapter, not " + ra.getClass().getName());
        }
        this.adapter = ra;
    }

    @Override
    public String toString() {
        return "TernActivationSpec[" + (destinationLookup != null ? "lookup " + destinationLookup : destination)
                + ", " + (destinationType == null ? QUEUE : destinationType) + (messageSelector == null ? "" : ", selector " + messageSelector)
                + (isDurable() ? ", durable " + subscriptionName : "") + (isShared() ? ", shared " + subscriptionName : "")
                + ", maxSession " + maxSession + "]";
    }
}
