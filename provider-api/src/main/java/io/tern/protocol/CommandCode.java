package io.tern.protocol;

/**
 * Request codes: the {@code code} of a request frame. One descriptor class per command documents its header.
 * Never renumber: peers of different versions must agree.
 */
public final class CommandCode {
    /** First frame on every connection: protocol version and client identity ({@link Handshake}). */
    public static final short HANDSHAKE = 1;

    // NameServer
    /** A broker announces itself and its topics ({@link BrokerRegistration}); repeated every 30 s as a heartbeat. */
    public static final short REGISTER_BROKER = 20;
    /** A broker leaves in an orderly way (header: {@link BrokerRegistration} without topics). */
    public static final short UNREGISTER_BROKER = 21;
    /** Which brokers serve a topic, with how many queues ({@link TopicRoute}). */
    public static final short GET_ROUTE = 22;
    /** Every broker known to the NameServer ({@link ClusterInfo}). */
    public static final short GET_CLUSTER_INFO = 23;

    private CommandCode() {
    }
}
