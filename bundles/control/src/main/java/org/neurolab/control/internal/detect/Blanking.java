package org.neurolab.control.internal.detect;

import java.util.ArrayList;
import java.util.List;

/** Intervals of lab time in which crossings are ignored; written by the command path, read by acquisition. */
final class Blanking {
    private record Interval(long from, long to) {
    }

    private volatile List<Interval> intervals = List.of();

    synchronized void add(long from, long to) {
        List<Interval> next = new ArrayList<>(intervals);
        next.add(new Interval(from, to));
        intervals = List.copyOf(next);
    }

    boolean isEmpty() {
        return intervals.isEmpty();
    }

    boolean covers(long micros) {
        for (Interval i : intervals) if (micros >= i.from && micros < i.to) return true;
        return false;
    }

    /** Forget intervals that ended before {@code micros}. */
    synchronized void dropBefore(long micros) {
        List<Interval> cur = intervals;
        if (cur.isEmpty() || cur.stream().allMatch(i -> i.to >= micros)) return;
        intervals = cur.stream().filter(i -> i.to >= micros).toList();
    }
}
