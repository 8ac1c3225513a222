package org.neurolab.dosing.internal;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/** Amounts dosed per culture and compound over the last 24 hours, for the daily limit. Not thread-safe: the owner locks. */
final class DoseLedger {
    static final long DAY_MICROS = 24L * 3600 * 1_000_000;

    private record Entry(long atMicros, double nanomoles) {
    }

    private final Map<String, Deque<Entry>> byKey = new HashMap<>();

    /** An independent copy (for a dry run's rehearsal). */
    DoseLedger copy() {
        DoseLedger c = new DoseLedger();
        byKey.forEach((k, q) -> c.byKey.put(k, new ArrayDeque<>(q)));
        return c;
    }

    void add(String organoidId, String compound, long atMicros, double nanomoles) {
        byKey.computeIfAbsent(organoidId + "\u0000" + compound, k -> new ArrayDeque<>()).addLast(new Entry(atMicros, nanomoles));
    }

    /** What the culture received of the compound in the 24 h before {@code atMicros}. */
    double last24h(String organoidId, String compound, long atMicros) {
        Deque<Entry> q = byKey.get(organoidId + "\u0000" + compound);
        if (q == null) return 0;
        while (!q.isEmpty() && q.peekFirst().atMicros() <= atMicros - DAY_MICROS) q.removeFirst();
        double sum = 0;
        for (Entry e : q) sum += e.nanomoles();
        return sum;
    }
}
