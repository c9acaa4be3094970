package io.tern.broker.internal.lease;

import io.tern.protocol.DeliveryStateQuery.State;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.LongSupplier;

/**
 * One group's lease-mode state of one queue: which offsets are acknowledged, which are leased to a receiver and
 * until when, which wait to be delivered again.
 * <pre>
 *   queue offsets:  0 ............ watermark ................................. frontier ............ queue end
 *                   | all acked   | each one: acked, leased, ready or unclaimed | never looked at |
 * </pre>
 * Ready offsets were leased and came back (expired or nacked). Unclaimed offsets were passed by the frontier but
 * not leased: the receive that read them had a filter they do not match, or took higher priorities first. Both stay
 * available to every receiver of the group whose filter matches them; neither is acked, so a message nobody selects
 * holds the watermark back and counts as the group's backlog (a JMS queue keeps a message no receiver selects).
 *
 * <p>Each filter remembers an <em>unclaimed mark</em> ({@link #unclaimedMark}): the unclaimed offsets below it are
 * known not to match that filter, so a receive does not read them again. Offsets only become unclaimed at the
 * frontier, which only moves up, so the mark stays true. Marks are kept for the last {@value #MARKS} filters;
 * a forgotten filter reads the unclaimed offsets again from the lowest, a bounded window per receive.
 * A lease is (receipt id, deadline, delivery count); only the receipt id it was granted with acks, nacks or extends
 * it, so a handle whose lease expired and went to another receiver can never ack that receiver's lease. Expiry is
 * lazy: every operation first moves the leases whose deadline passed (by the caller's clock) back to ready.
 *
 * <p>After a restart the cursor knows its watermark, the acked offsets above it and the delivery counts it
 * persisted; every other offset below {@code redeliveredBelow} (the queue's end when the broker restarted) may
 * have been leased before the crash, so it counts as delivered once already: it comes back with delivery count 2
 * or more (redelivered).
 *
 * <p>Thread rules: guarded by this object's monitor; every method synchronizes. {@link LeaseService} holds the
 * monitor across a store read and the grants that follow, so two receivers never lease one offset.
 */
public final class LeaseCursor {
    /** receiptId 0: parked by a nack with a delay; no handle holds it and it becomes ready at {@code deadline}. */
    record Lease(long receiptId, long deadline, int deliveries) {
    }

    /** A lease just granted: the receiver is told the offset, the receipt id and how often it was delivered. */
    record Grant(long offset, long receiptId, int deliveryCount) {
    }

    /** What the cursor knows that must survive a restart (leases do not). */
    record Snapshot(long watermark, long[] acked, Map<Long, Integer> deliveries) {
    }

    /** RESET: the receipt id held a lease that {@link #reset} voided (the group was reset by an administrator). */
    public enum Outcome { OK, ALREADY_ACKED, NOT_HELD, RESET }

    /** The last {@link #reset}: to which offset, when (broker millis), and the receipt ids of the leases it voided. */
    record LastReset(long offset, long at, Set<Long> voided) {
    }

    /** How many offsets are in each state, for DESCRIBE_GROUP; a lease past its deadline counts as ready. */
    public record Counts(long watermark, int ackedAbove, int leased, int ready, int parked, int unclaimed) {
    }

    /** Where one offset stands: a lease-mode {@link State}, the deliveries it counts and its deadline (-1 if none). */
    public record Position(State state, int deliveries, long deadline) {
    }

    private record Expiry(long deadline, long offset, long receiptId) {
    }

    /** Distinct filters remembered per cursor: receivers of one queue rarely use more than a handful of selectors. */
    static final int MARKS = 32;

    private final LongSupplier receiptIds;
    private final TreeSet<Long> acked = new TreeSet<>();
    private final TreeMap<Long, Lease> leases = new TreeMap<>();
    private final TreeMap<Long, Integer> ready = new TreeMap<>();
    /** Unclaimed offsets and how often each was delivered before (restored counts; 0 for most). */
    private final TreeMap<Long, Integer> unclaimed = new TreeMap<>();
    /** Filter key to unclaimed mark, least recently used first. */
    private final Map<String, Long> marks = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
            return size() > MARKS;
        }
    };
    private final PriorityQueue<Expiry> expiries = new PriorityQueue<>((a, b) -> Long.compare(a.deadline, b.deadline));
    /** Delivery counts restored for offsets at or beyond the frontier. */
    private final Map<Long, Integer> priorDeliveries = new HashMap<>();
    private long redeliveredBelow;
    private long watermark;
    private long frontier;
    /** How many times this cursor was reset: an ack taken in memory before a reset must not be journaled after it. */
    private long resets;
    private LastReset lastReset;

    /** @param receiptIds a source of receipt ids unique within the broker (and, with high probability, across restarts); never 0 */
    LeaseCursor(long start, LongSupplier receiptIds) {
        this.receiptIds = receiptIds;
        this.watermark = start;
        this.frontier = start;
    }

    /** A cursor as the checkpoint and journal left it; offsets below {@code redeliveredBelow} count as delivered once. */
    static LeaseCursor restored(Snapshot s, long redeliveredBelow, LongSupplier receiptIds) {
        LeaseCursor c = new LeaseCursor(s.watermark(), receiptIds);
        synchronized (c) {
            c.redeliveredBelow = redeliveredBelow;
            for (long o : s.acked()) {
                c.applyAck(o);
            }
            s.deliveries().forEach(c::applyDeliveries);
        }
        return c;
    }

    synchronized long watermark() {
        return watermark;
    }

    synchronized int inFlight() {
        return leases.size();
    }

    synchronized boolean isAcked(long offset) {
        return offset < watermark || acked.contains(offset);
    }

    /** Leases whose deadline is at or before {@code now} become ready again; returns how many. */
    synchronized int expire(long now) {
        int n = 0;
        Expiry e;
        while ((e = expiries.peek()) != null && e.deadline <= now) {
            expiries.poll();
            Lease l = leases.get(e.offset);
            if (l != null && l.receiptId() == e.receiptId && l.deadline() == e.deadline) {
                leases.remove(e.offset);
                ready.put(e.offset, l.deliveries());
                n++;
            }
        }
        return n;
    }

    /** The earliest deadline of a lease (or parked nack), or Long.MAX_VALUE: when something may become ready. */
    synchronized long nextDeadline() {
        Expiry e;
        while ((e = expiries.peek()) != null) {
            Lease l = leases.get(e.offset);
            if (l != null && l.receiptId() == e.receiptId && l.deadline() == e.deadline) {
                return e.deadline;
            }
            expiries.poll(); // stale: acked, nacked or extended since
        }
        return Long.MAX_VALUE;
    }

    /** The lowest offset waiting to be delivered again, or -1. */
    synchronized long firstReady() {
        return ready.isEmpty() ? -1 : ready.firstKey();
    }

    /** Up to {@code max} ready offsets, lowest first. */
    synchronized List<Long> readyOffsets(int max) {
        return first(ready.keySet(), max);
    }

    /** Up to {@code max} unclaimed offsets at or above {@code from}, lowest first. */
    synchronized List<Long> unclaimedFrom(long from, int max) {
        return first(unclaimed.tailMap(from).keySet(), max);
    }

    private static List<Long> first(Iterable<Long> offsets, int max) {
        List<Long> out = new ArrayList<>();
        for (Long o : offsets) {
            if (out.size() == max) {
                break;
            }
            out.add(o);
        }
        return out;
    }

    /** Unclaimed offsets below the result are known not to match the filter {@code filterKey}; 0 if unknown. */
    synchronized long unclaimedMark(String filterKey) {
        return marks.getOrDefault(filterKey, 0L);
    }

    synchronized void unclaimedMark(String filterKey, long mark) {
        marks.put(filterKey, mark);
    }

    /** The next offset never handed out (and not acked). */
    synchronized long frontier() {
        while (acked.contains(frontier) || frontier < watermark) {
            frontier = Math.max(frontier + 1, watermark);
        }
        return frontier;
    }

    /** Leases a ready offset again, with its delivery count one higher. */
    synchronized Grant leaseReady(long offset, long now, long invisibilityMillis) {
        Integer deliveries = ready.remove(offset);
        if (deliveries == null) {
            throw new IllegalStateException("offset " + offset + " is not ready for redelivery");
        }
        return grant(offset, deliveries + 1, now, invisibilityMillis);
    }

    /** Leases the frontier offset {@code offset} (offsets skipped between the frontier and it are acked implicitly). */
    synchronized Grant leaseNew(long offset, long now, long invisibilityMillis) {
        pass(offset);
        return leaseUnclaimed(offset, now, invisibilityMillis);
    }

    /**
     * Moves the frontier past {@code offset}, which becomes unclaimed: available to the group, not leased (offsets
     * skipped between the frontier and it are acked implicitly: the store has nothing there).
     */
    synchronized void pass(long offset) {
        if (offset < frontier()) {
            throw new IllegalStateException("offset " + offset + " is below the frontier " + frontier);
        }
        skipUpTo(offset);
        frontier = offset + 1;
        Integer prior = priorDeliveries.remove(offset);
        unclaimed.put(offset, prior != null ? prior : offset < redeliveredBelow ? 1 : 0);
    }

    /** Leases an unclaimed offset. */
    synchronized Grant leaseUnclaimed(long offset, long now, long invisibilityMillis) {
        Integer before = unclaimed.remove(offset);
        if (before == null) {
            throw new IllegalStateException("offset " + offset + " is not unclaimed");
        }
        return grant(offset, before + 1, now, invisibilityMillis);
    }

    private Grant grant(long offset, int deliveries, long now, long invisibilityMillis) {
        long id = receiptIds.getAsLong();
        long deadline = now + invisibilityMillis;
        leases.put(offset, new Lease(id, deadline, deliveries));
        expiries.add(new Expiry(deadline, offset, id));
        return new Grant(offset, id, deliveries);
    }

    /** A frontier, ready or unclaimed offset nobody will ever get (expired, or gone from the store): acked implicitly. */
    synchronized void skip(long offset) {
        if (offset >= frontier()) {
            skipUpTo(offset);
            frontier = offset + 1;
        }
        markAcked(offset);
    }

    /** Offsets below {@code start} are gone from the store (retention): they count as acked. */
    synchronized void skipBelow(long start) {
        if (start <= watermark) {
            return;
        }
        for (long o = watermark; o < start && o < frontier; o++) {
            leases.remove(o);
            ready.remove(o);
        }
        unclaimed.headMap(start).clear();
        acked.headSet(start).clear();
        priorDeliveries.keySet().removeIf(o -> o < start);
        watermark = start;
        frontier = Math.max(frontier, start);
    }

    private void skipUpTo(long offset) {
        for (long o = frontier(); o < offset; o++) {
            markAcked(o);
        }
    }

    synchronized Outcome ack(long offset, long receiptId, long now) {
        Outcome held = check(offset, receiptId, now);
        if (held == Outcome.OK) {
            markAcked(offset);
        }
        return held;
    }

    /** Gives the lease back: ready at once ({@code delayMillis} 0) or parked until now + delay. */
    public synchronized Outcome nack(long offset, long receiptId, long now, long delayMillis) {
        Outcome held = check(offset, receiptId, now);
        if (held != Outcome.OK) {
            return held;
        }
        Lease l = leases.remove(offset);
        if (delayMillis <= 0) {
            ready.put(offset, l.deliveries());
        } else {
            leases.put(offset, new Lease(0, now + delayMillis, l.deliveries()));
            expiries.add(new Expiry(now + delayMillis, offset, 0));
        }
        return Outcome.OK;
    }

    /** Whether {@code receiptId} holds an unexpired lease on {@code offset} at {@code now}. Reads only. */
    synchronized boolean holds(long offset, long receiptId, long now) {
        Lease l = leases.get(offset);
        return l != null && receiptId != 0 && l.receiptId() == receiptId && l.deadline() > now;
    }

    /**
     * Ends the lease at once, the offset ready for the group's next receive: with {@code counted} (its connection
     * closed) the delivery counts, as if the lease had expired; without (RELEASE_LEASE: the consumer never handed the
     * message to its application) the next delivery has the count this one had. A lease pinned until a transaction
     * is resolved is not given back ({@link Outcome#NOT_HELD}): the prepared branch owns it, not the connection.
     */
    synchronized Outcome giveBack(long offset, long receiptId, long now, boolean counted) {
        Outcome held = check(offset, receiptId, now);
        if (held != Outcome.OK) {
            return held;
        }
        Lease l = leases.get(offset);
        if (l.deadline() == UNTIL_RESOLVED) {
            return Outcome.NOT_HELD;
        }
        leases.remove(offset);
        ready.put(offset, counted ? l.deliveries() : Math.max(0, l.deliveries() - 1));
        return Outcome.OK;
    }

    public synchronized Outcome changeInvisibility(long offset, long receiptId, long now, long invisibilityMillis) {
        Outcome held = check(offset, receiptId, now);
        if (held == Outcome.OK) {
            Lease l = leases.get(offset);
            leases.put(offset, new Lease(receiptId, now + invisibilityMillis, l.deliveries()));
            expiries.add(new Expiry(now + invisibilityMillis, offset, receiptId));
        }
        return held;
    }

    /**
     * Holds {@code offset} for a transaction's ack until the transaction ends: leased under {@code receiptId} (so the
     * rollback's nack by that id gives it back) until {@code deadline}, or with {@link #UNTIL_RESOLVED} for good (no
     * expiry; only the commit's ack or the rollback's nack ends it). XA prepare pins its branch's acks for good (a
     * branch in doubt waits for its coordinator longer than any lease), and a restart pins the acks of every open and
     * prepared transaction again (leases are not persisted). At a restart the offset may lie beyond the frontier: the
     * frontier moves past it and the offsets in between become unclaimed (filter marks are dropped: they no longer hold).
     *
     * @return false, changing nothing, if the offset is acknowledged or leased under another receipt id (the hold was
     *         lost: the message went to another receiver)
     */
    public synchronized boolean pin(long offset, long receiptId, long deadline, long now) {
        expire(now);
        if (isAcked(offset)) {
            return false;
        }
        Lease l = leases.get(offset);
        if (l != null && l.receiptId() != receiptId) {
            return false;
        }
        int deliveries;
        if (l != null) {
            deliveries = l.deliveries();
        } else if (offset >= frontier()) {
            claimUpTo(offset);
            deliveries = unclaimed.remove(offset);
        } else if (ready.containsKey(offset)) {
            deliveries = ready.remove(offset);
        } else {
            deliveries = unclaimed.remove(offset);
        }
        leases.put(offset, new Lease(receiptId, deadline, deliveries));
        if (deadline != UNTIL_RESOLVED) {
            expiries.add(new Expiry(deadline, offset, receiptId));
        }
        return true;
    }

    /** {@link #pin} deadline: held until the transaction ends. */
    public static final long UNTIL_RESOLVED = Long.MAX_VALUE;

    /** Moves the frontier past {@code offset}; every offset passed, it included, becomes unclaimed (not acked). */
    private void claimUpTo(long offset) {
        for (long o = frontier(); o <= offset; o++) {
            if (!acked.contains(o)) {
                Integer prior = priorDeliveries.remove(o);
                unclaimed.put(o, prior != null ? prior : o < redeliveredBelow ? 1 : 0);
            }
        }
        frontier = offset + 1;
        marks.clear();
    }

    /** How often {@code offset} was delivered, as far as this cursor knows (0 if never). */
    synchronized int deliveries(long offset) {
        Lease l = leases.get(offset);
        if (l != null) {
            return l.deliveries();
        }
        Integer u = unclaimed.get(offset);
        if (u != null) {
            return u;
        }
        return ready.getOrDefault(offset, priorDeliveries.getOrDefault(offset, 0));
    }

    private Outcome check(long offset, long receiptId, long now) {
        expire(now);
        Lease l = leases.get(offset);
        if (l != null && receiptId != 0 && l.receiptId() == receiptId) {
            return Outcome.OK;
        }
        if (lastReset != null && lastReset.voided().contains(receiptId)) {
            return Outcome.RESET;
        }
        return isAcked(offset) ? Outcome.ALREADY_ACKED : Outcome.NOT_HELD;
    }

    private void markAcked(long offset) {
        if (offset < watermark) {
            return;
        }
        leases.remove(offset);
        ready.remove(offset);
        unclaimed.remove(offset);
        priorDeliveries.remove(offset);
        acked.add(offset);
        while (acked.remove(watermark)) {
            watermark++;
        }
    }

    /** Replay of a journaled ack. */
    public synchronized void applyAck(long offset) {
        markAcked(offset);
    }

    /**
     * After recovery: forgets every acked offset and count at or beyond {@code end}, the queue's recovered end. After
     * an OS crash the checkpoint can be ahead of the log (acks of records that were written but never flushed);
     * new messages stored at those offsets must not count as acked. Returns how many acked offsets were forgotten.
     */
    synchronized int clampTo(long end) {
        int forgotten = acked.tailSet(end).size();
        acked.tailSet(end).clear();
        if (watermark > end) {
            forgotten += (int) Math.min(Integer.MAX_VALUE, watermark - end);
            watermark = end;
        }
        frontier = Math.min(frontier, watermark);
        priorDeliveries.keySet().removeIf(o -> o >= end);
        redeliveredBelow = Math.min(redeliveredBelow, end);
        return forgotten;
    }

    /** Replay of a journaled nack or a checkpointed count: the offset was delivered {@code deliveries} times. */
    synchronized void applyDeliveries(long offset, int deliveries) {
        if (!isAcked(offset) && offset >= frontier) {
            priorDeliveries.merge(offset, deliveries, Math::max);
        }
    }

    synchronized Snapshot snapshot() {
        long[] a = acked.stream().mapToLong(Long::longValue).toArray();
        Map<Long, Integer> d = new HashMap<>(priorDeliveries);
        unclaimed.forEach((o, n) -> {
            if (n > 0) {
                d.put(o, n);
            }
        });
        leases.forEach((o, l) -> d.put(o, l.deliveries()));
        d.putAll(ready);
        return new Snapshot(watermark, a, d);
    }

    /**
     * Where {@code offset} stands at {@code now}, for QUERY_DELIVERY_STATE. Reads only: a lease whose deadline passed
     * is reported ready, as the next operation's lazy expiry would make it, but nothing is moved. A lease pinned
     * {@link #UNTIL_RESOLVED} is leased with no deadline (-1).
     */
    public synchronized Position positionOf(long offset, long now) {
        if (isAcked(offset)) {
            return new Position(State.ACKED, 0, -1);
        }
        Lease l = leases.get(offset);
        if (l != null && l.deadline() == UNTIL_RESOLVED) {
            return new Position(State.LEASED, l.deliveries(), -1); // pinned by a prepared transaction: no deadline
        }
        if (l != null) {
            return l.deadline() <= now ? new Position(State.READY, l.deliveries(), -1)
                    : new Position(l.receiptId() == 0 ? State.PARKED : State.LEASED, l.deliveries(), l.deadline());
        }
        if (ready.containsKey(offset)) {
            return new Position(State.READY, ready.get(offset), -1);
        }
        if (unclaimed.containsKey(offset)) {
            return new Position(State.UNCLAIMED, unclaimed.get(offset), -1);
        }
        int before = priorDeliveries.getOrDefault(offset, offset < redeliveredBelow ? 1 : 0);
        return new Position(State.NOT_DELIVERED, before, -1);
    }

    /**
     * An administrator's reset to {@code offset}: every offset below it counts as acked, none at or above it is acked,
     * leased, ready, parked or unclaimed any more (the frontier starts there); filter marks and delivery counts are
     * forgotten, so a message delivered again after a reset starts at delivery 1. The receipt ids of the leases it
     * voids are remembered until the next reset, so their acks and nacks are told why they are refused. Callers
     * refuse the reset first while a prepared transaction pins an offset ({@link #pinnedOffsets}).
     */
    synchronized void reset(long offset, long now) {
        Set<Long> voided = new java.util.HashSet<>();
        leases.values().forEach(l -> voided.add(l.receiptId()));
        voided.remove(0L); // parked nacks: no handle holds them
        clear(offset);
        redeliveredBelow = 0;
        lastReset = new LastReset(offset, now, Set.copyOf(voided));
    }

    /**
     * Replay of a journaled reset. Unlike {@link #reset} it keeps {@code redeliveredBelow}: the offsets may have been
     * leased between the reset and the crash, so they still count as delivered once.
     */
    synchronized void applyReset(long offset) {
        clear(offset);
    }

    private void clear(long offset) {
        acked.clear();
        leases.clear();
        ready.clear();
        unclaimed.clear();
        marks.clear();
        expiries.clear();
        priorDeliveries.clear();
        watermark = offset;
        frontier = offset;
        resets++;
    }

    /** How many times the cursor was reset since it was made (or restored): see {@link #resets}. */
    synchronized long resets() {
        return resets;
    }

    synchronized LastReset lastReset() {
        return lastReset;
    }

    /** Offsets pinned until a prepared transaction is resolved ({@link #pin} with {@link #UNTIL_RESOLVED}), lowest first. */
    public synchronized List<Long> pinnedOffsets() {
        List<Long> out = new ArrayList<>();
        leases.forEach((o, l) -> {
            if (l.deadline() == UNTIL_RESOLVED) {
                out.add(o);
            }
        });
        return out;
    }

    /** How many offsets are in each state at {@code now}. Reads only: nothing is expired. */
    public synchronized Counts counts(long now) {
        int leased = 0;
        int parked = 0;
        int lapsed = 0;
        for (Lease l : leases.values()) {
            if (l.deadline() <= now) {
                lapsed++;
            } else if (l.receiptId() == 0) {
                parked++;
            } else {
                leased++;
            }
        }
        return new Counts(watermark, acked.size(), leased, ready.size() + lapsed, parked, unclaimed.size());
    }

    /** For tests and diagnostics: offsets leased now, lowest first. */
    synchronized List<Long> leasedOffsets() {
        return new ArrayList<>(leases.keySet());
    }
}
