package io.tern.broker;

import java.util.ArrayList;
import java.util.List;

/**
 * The per-key order property of orderly consumption, stated once for every test of it. A key's messages are numbered
 * 0..n-1 in send order; {@code seqs} is what the group processed, in processing order. Allowed: each step is the next
 * number ({@code prev + 1}), or a replay: a jump back to some {@code r <= prev} (a new holder restarting from the last
 * committed offset, which covers only processed messages), after which the run goes on contiguously again. Never allowed:
 * a jump forward (a message skipped, or processed before an earlier one of its key). Every number must appear.
 */
final class OrderCheck {
    private OrderCheck() {
    }

    /** Human-readable violations; empty when the sequence has the property. */
    static List<String> violations(List<Integer> seqs, int n) {
        List<String> out = new ArrayList<>();
        if (seqs.isEmpty() || seqs.get(0) != 0) {
            out.add("does not start at 0");
        }
        int highest = seqs.isEmpty() ? -1 : seqs.get(0);
        for (int i = 1; i < seqs.size(); i++) {
            int prev = seqs.get(i - 1);
            int cur = seqs.get(i);
            if (cur > prev + 1) {
                out.add("at index " + i + " jumps forward from " + prev + " to " + cur);
            }
            highest = Math.max(highest, cur);
        }
        if (highest != n - 1) {
            out.add("highest processed is " + highest + ", not " + (n - 1));
        }
        return out;
    }

    /** How many times the sequence went back (replays). */
    static int replays(List<Integer> seqs) {
        int r = 0;
        for (int i = 1; i < seqs.size(); i++) {
            if (seqs.get(i) <= seqs.get(i - 1)) {
                r++;
            }
        }
        return r;
    }
}
