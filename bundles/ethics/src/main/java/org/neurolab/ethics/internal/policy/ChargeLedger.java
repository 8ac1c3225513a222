package org.neurolab.ethics.internal.policy;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Charge delivered per culture in lab time, for the rolling budget. In memory only: a restart forgets it, which errs
 * towards allowing; the budget is charged when ethics allows a command (a later refusal by another guard still counts,
 * which errs towards refusing).
 */
public final class ChargeLedger {
    private static final class Culture {
        final Deque<long[]> deliveries = new ArrayDeque<>(); // {labTimeMicros, picocoulombs}
        long sumPicocoulombs;
        long restUntilMicros = Long.MIN_VALUE;
    }

    private final Map<String, Culture> cultures = new ConcurrentHashMap<>();

    /** @return null when admitted (and recorded), else why not */
    public String admit(String organoidId, long nowMicros, double chargeNanocoulombs, Limit budget) {
        Culture c = cultures.computeIfAbsent(organoidId, k -> new Culture());
        synchronized (c) {
            if (nowMicros < c.restUntilMicros)
                return "culture " + organoidId + " is resting after spending its charge budget, for " + Rules.fmt((c.restUntilMicros - nowMicros) / 1e6)
                        + " s more (minimum rest " + Rules.fmt(budget.minRestSeconds()) + " s, policy " + budget.ref() + ")";
            long windowStart = nowMicros - (long) (budget.windowSeconds() * 1e6);
            while (!c.deliveries.isEmpty() && c.deliveries.peekFirst()[0] <= windowStart) c.sumPicocoulombs -= c.deliveries.pollFirst()[1];
            long pc = Math.round(chargeNanocoulombs * 1000);
            double after = (c.sumPicocoulombs + pc) / 1000.0;
            if (after > budget.max() * (1 + Rules.EPS)) {
                c.restUntilMicros = nowMicros + (long) (budget.minRestSeconds() * 1e6);
                return "charge budget: " + Rules.fmt(c.sumPicocoulombs / 1000.0) + " nC delivered in the last " + Rules.fmt(budget.windowSeconds())
                        + " s plus " + Rules.fmt(chargeNanocoulombs) + " nC asked exceeds " + Rules.fmt(budget.max()) + " nC; the culture rests "
                        + Rules.fmt(budget.minRestSeconds()) + " s (policy " + budget.ref() + ")";
            }
            c.deliveries.addLast(new long[] {nowMicros, pc});
            c.sumPicocoulombs += pc;
            return null;
        }
    }

    /**
     * An independent copy, its times moved by {@code shiftMicros}: a dry run's clock starts at 0 where the lab's stands
     * at {@code -shiftMicros}, and the copy keeps counting what the culture had in the window before.
     */
    public ChargeLedger copyShifted(long shiftMicros) {
        ChargeLedger copy = new ChargeLedger();
        cultures.forEach((id, c) -> {
            Culture d = new Culture();
            synchronized (c) {
                for (long[] e : c.deliveries) d.deliveries.addLast(new long[] {e[0] + shiftMicros, e[1]});
                d.sumPicocoulombs = c.sumPicocoulombs;
                d.restUntilMicros = c.restUntilMicros == Long.MIN_VALUE ? Long.MIN_VALUE : c.restUntilMicros + shiftMicros;
            }
            copy.cultures.put(id, d);
        });
        return copy;
    }

    /** Records charge delivered earlier, e.g. by fixtures. */
    public void record(String organoidId, long labTimeMicros, double chargeNanocoulombs) {
        Culture c = cultures.computeIfAbsent(organoidId, k -> new Culture());
        synchronized (c) {
            long pc = Math.round(chargeNanocoulombs * 1000);
            c.deliveries.addLast(new long[] {labTimeMicros, pc});
            c.sumPicocoulombs += pc;
        }
    }

    public void restUntil(String organoidId, long labTimeMicros) {
        Culture c = cultures.computeIfAbsent(organoidId, k -> new Culture());
        synchronized (c) {
            c.restUntilMicros = labTimeMicros;
        }
    }
}
