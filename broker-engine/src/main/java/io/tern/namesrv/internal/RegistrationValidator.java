package io.tern.namesrv.internal;

import io.tern.protocol.BrokerRegistration;
import io.tern.protocol.TopicConfig;

import java.util.HashSet;
import java.util.Set;

/**
 * Checks the values of a broker registration that decoded well: a bad value is answered with INVALID_REQUEST naming
 * it and its limit, and nothing of the registration is recorded. Stateless; any thread.
 */
public final class RegistrationValidator {
    /**
     * Most read or write queues one broker may serve for a topic. Every queue costs a consume-queue file (6 MB once
     * written: 300,000 entries x 20 bytes) and a cursor per subscription, so 1024 queues are already 6 GB of index
     * for one topic on one broker; a larger count is far more likely a typo than a plan.
     */
    public static final int MAX_QUEUES = 1024;

    private RegistrationValidator() {
    }

    /** Throws {@link InvalidRegistrationException} at the first bad value. */
    public static void validate(BrokerRegistration r) {
        String who = "broker registration";
        present(who, "cluster", r.cluster());
        present(who, "brokerName", r.brokerName());
        present(who, "address", r.address());
        who = "broker registration of " + r.brokerName() + "@" + r.address();
        require(r.brokerId() >= 0, who, "brokerId", r.brokerId(), "0 (master) or positive (slave)");
        require(validPort(r.address()), who, "address", "'" + r.address() + "'", "host:port with a port in [1, 65535]");
        validateTopics(who, r);
    }

    /** Checks an unregistration: only the address identifies the broker. */
    public static void validateUnregistration(BrokerRegistration r) {
        present("broker unregistration", "address", r.address());
    }

    private static void validateTopics(String who, BrokerRegistration r) {
        Set<String> seen = new HashSet<>();
        for (TopicConfig t : r.topics()) {
            present(who, "topic name", t.name());
            String topic = who + ", topic '" + t.name() + "'";
            require(seen.add(t.name()), topic, "name", "'" + t.name() + "'", "listed once (it is listed twice)");
            queues(topic, "readQueues", t.readQueues());
            queues(topic, "writeQueues", t.writeQueues());
            require((t.perm() & ~TopicConfig.PERM_READ_WRITE) == 0, topic, "perm", t.perm(),
                    "a combination of PERM_READ (" + TopicConfig.PERM_READ + ") and PERM_WRITE (" + TopicConfig.PERM_WRITE + ")");
        }
    }

    private static void queues(String topic, String field, int n) {
        require(n >= 0 && n <= MAX_QUEUES, topic, field, n, "in [0, " + MAX_QUEUES + "]");
    }

    private static void present(String who, String field, String value) {
        require(value != null && !value.isEmpty(), who, field, value == null ? "null" : "''", "non-empty");
    }

    private static boolean validPort(String address) {
        int colon = address.lastIndexOf(':');
        if (colon <= 0) {
            return false;
        }
        try {
            int port = Integer.parseInt(address.substring(colon + 1));
            return port >= 1 && port <= 65535;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static void require(boolean ok, String who, String field, Object value, String limit) {
        if (!ok) {
            throw new InvalidRegistrationException(who + ": " + field + " = " + value + " is invalid: must be " + limit);
        }
    }

    /** A registration whose values are not acceptable; the message names the value and the limit. */
    public static final class InvalidRegistrationException extends IllegalArgumentException {
        public InvalidRegistrationException(String message) {
            super(message);
        }
    }
}
