package io.tern.namesrv.internal;

import io.tern.store.internal.Agent;

import java.time.Duration;
import java.time.InstantSource;

/**
 * Drops brokers silent for longer than the expiry, scanning the {@link RouteTable} once per scan interval. A broker
 * therefore leaves the routes between {@code expiry} and {@code expiry + scanInterval} after its last heartbeat
 * (120-130 s with the defaults).
 *
 * <p>Thread rule: {@link #doWork()} from one thread at a time: its runner's, or a test's with a test clock.
 */
public final class BrokerExpiryAgent implements Agent {
    private final RouteTable table;
    private final InstantSource clock;
    private final long scanIntervalMillis;
    private long nextScanMillis = Long.MIN_VALUE;

    public BrokerExpiryAgent(RouteTable table, InstantSource clock, Duration scanInterval) {
        this.table = table;
        this.clock = clock;
        this.scanIntervalMillis = scanInterval.toMillis();
    }

    @Override
    public String roleName() {
        return "expiry";
    }

    /** Scans if a scan is due and returns how many brokers it dropped. */
    @Override
    public int doWork() {
        long now = clock.millis();
        if (now < nextScanMillis) {
            return 0;
        }
        nextScanMillis = now + scanIntervalMillis;
        return table.expire(now).size();
    }
}
