package io.tern.jms.internal.provider;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The open-transaction list that check-backs consult holds only transactions a broker can ask about. */
class EngineProviderTransactionsTest {
    @Test
    void transactionsThatSendNothingAreNeverListedAsOpen() {
        // No broker is needed: a transaction reaches one only with its first send. An idle MDB session begins and
        // ends such an empty XA branch every few seconds, and XA_RDONLY ends it without a commit or rollback call.
        EngineProvider provider = new EngineProvider(List.of("127.0.0.1:1"), null, null, Duration.ofSeconds(1), "empty-tx");
        try {
            for (int i = 0; i < 1_000; i++) {
                ProviderTransaction tx = provider.beginTransaction(new io.tern.protocol.Xid(1, new byte[] {(byte) i, (byte) (i >> 8)}, new byte[] {1}));
                assertThat(tx.readOnly()).isTrue();
            }
            provider.beginTransaction();
            assertThat(provider.openTransactionCount()).isZero();
        } finally {
            provider.close();
        }
    }
}
