package io.tern.broker.acl;

import io.tern.acl.AclFile;
import io.tern.protocol.CommandCode;
import io.tern.protocol.Frame;
import io.tern.protocol.TxOffsetRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link BrokerAccessPolicy}'s rule for offsets held in transactions: consume on the topic and on the group. */
class BrokerAccessPolicyTest {
    @TempDir
    Path dir;

    @Test
    void aTransactionalOffsetCommitNeedsConsumeOnTheTopicAndTheGroup() throws Exception {
        Path file = Files.writeString(dir.resolve("acl"), String.join("\n",
                "allow alice consume topic:orders",
                "allow alice consume group:billing",
                "allow bob consume topic:orders",
                "anonymous deny"));
        BrokerAccessPolicy policy = new BrokerAccessPolicy(AclFile.load(file));

        assertThat(policy.deny("alice", hold("orders", "billing"))).isNull();
        assertThat(policy.deny("alice", hold("payroll", "billing"))).contains("user 'alice' may not consume topic:payroll");
        assertThat(policy.deny("bob", hold("orders", "billing"))).contains("user 'bob' may not consume group:billing");
    }

    private static Frame hold(String topic, String group) {
        return Frame.request(CommandCode.TX_COMMIT_OFFSET, 1, new TxOffsetRequest("tx", group, topic, 0, 0).encode(), null);
    }
}
