package io.tern.protocol;

import java.util.List;

/**
 * {@link CommandCode#REGISTER_BROKER} / {@link CommandCode#UNREGISTER_BROKER}: a broker and the topics it serves.
 * <pre>
 *   header: | cluster (string) | brokerName (string) | brokerId (long: 0 = master) | address (string host:port) |
 *   body:   topic list (see {@link TopicConfig}); empty for UNREGISTER_BROKER
 * </pre>
 * The response to either is an empty OK, or INVALID_REQUEST naming a bad value (a null name, a queue count out of range).
 */
public record BrokerRegistration(String cluster, String brokerName, long brokerId, String address, List<TopicConfig> topics) {
    public byte[] header() {
        return Headers.writer().str(cluster).str(brokerName).i64(brokerId).str(address).toBytes();
    }

    public byte[] body() {
        return TopicConfig.encodeList(topics);
    }

    public static BrokerRegistration decode(byte[] header, byte[] body) {
        BrokerRegistration broker = decodeHeader(header);
        // null or bad values decode: the NameServer answers them with INVALID_REQUEST naming the value,
        // rather than closing the connection as it does for bytes that do not parse
        return new BrokerRegistration(broker.cluster, broker.brokerName, broker.brokerId, broker.address,
                body.length == 0 ? List.of() : TopicConfig.decodeList(body));
    }

    /** The header alone (who the broker is), with no topics: for a check that need not read the topic list. */
    public static BrokerRegistration decodeHeader(byte[] header) {
        Headers.Reader r = Headers.reader(header);
        String cluster = r.str();
        String brokerName = r.str();
        long brokerId = r.i64();
        String address = r.str();
        r.end();
        return new BrokerRegistration(cluster, brokerName, brokerId, address, List.of());
    }
}
