package org.neurolab.ethics.tripwire;

import java.util.ArrayDeque;
import java.util.Set;
import org.neurolab.api.signal.SpikeBatch;

/**
 * One culture's recent activity, judged against the tripwire limits: total events and hypersynchronous bins in a
 * sliding window of lab time. Counts per bin, not per spike, so memory stays bounded by window / bin.
 */
public final class CultureActivity {
    private final String organoid;
    private final Set<Integer> electrodes;
    private final TripwireLimits limits;
    private final ArrayDeque<long[]> bins = new ArrayDeque<>(); // {binStart, events, distinct-electrode bitmask}
    private final long[] mask = new long[4]; // up to 256 electrodes in the current bin
    private long currentBin = Long.MIN_VALUE;
    private long currentEvents;
    private long windowEvents;
    private int windowSynchronous;
    private long firstMicros = Long.MIN_VALUE;
    private long lastMicros;
    private boolean everActive;
    private long completeMicros = Long.MIN_VALUE;

    public CultureActivity(String organoid, Set<Integer> electrodes, TripwireLimits limits) {
        this.organoid = organoid;
        this.electrodes = Set.copyOf(electrodes);
        this.limits = limits;
    }

    /** Adds the spikes of a batch that fall on this culture's electrodes. */
    public synchronized void add(SpikeBatch batch) {
        for (int i = 0; i < batch.count(); i++) {
            int e = batch.electrodes()[i];
            if (!electrodes.contains(e)) continue;
            long t = batch.timesMicros()[i];
            if (firstMicros == Long.MIN_VALUE) firstMicros = t; // observation starts with the first thing seen
            long bin = t - Math.floorMod(t, limits.synchronyBinMicros());
            if (bin != currentBin) closeBin(bin);
            currentEvents++;
            if (e < 256) mask[e >> 6] |= 1L << (e & 63);
        }
    }

    /** The array's data is complete up to {@code micros}: silence before it is real silence. */
    public synchronized void complete(long micros) {
        completeMicros = Math.max(completeMicros, micros);
    }

    /** Moves the window to where the data is complete; nothing happens before the first watermark. */
    public synchronized void advanceToComplete() {
        if (completeMicros != Long.MIN_VALUE) advanceTo(completeMicros);
    }

    /**
     * Data before {@code resumeMicros} is missing for good: what was seen before the gap says nothing about the window
     * after it, so observation starts again there (a gap is never read as silence).
     */
    public synchronized void gap(long resumeMicros) {
        bins.clear();
        windowEvents = 0;
        windowSynchronous = 0;
        currentBin = Long.MIN_VALUE;
        currentEvents = 0;
        mask[0] = mask[1] = mask[2] = mask[3] = 0;
        firstMicros = resumeMicros;
        lastMicros = resumeMicros;
    }

    /** Lab time moves on even without spikes (silence is what loss of activity looks like). */
    public synchronized void advanceTo(long micros) {
        if (firstMicros == Long.MIN_VALUE) firstMicros = micros;
        lastMicros = Math.max(lastMicros, micros);
        long bin = micros - Math.floorMod(micros, limits.synchronyBinMicros());
        if (bin > currentBin) closeBin(bin);
        while (!bins.isEmpty() && bins.peekFirst()[0] < micros - limits.windowMicros()) {
            long[] old = bins.pollFirst();
            windowEvents -= old[1];
            if (old[2] == 1) windowSynchronous--;
        }
    }

    /** Why the culture must be held, or null. Judged only once a whole window has been seen. */
    public synchronized String tripped() {
        if (firstMicros == Long.MIN_VALUE || lastMicros - firstMicros < limits.windowMicros()) return null;
        if (everActive && windowEvents < limits.minEventsPerWindow())
            return "loss of activity: " + windowEvents + " events on " + organoid + " in the last " + limits.windowMicros() / 1_000_000
                    + " s (tripwire minimum " + limits.minEventsPerWindow() + ")";
        if (windowSynchronous > limits.maxSynchronousBinsPerWindow())
            return "abnormal synchrony: " + windowSynchronous + " bins where >= " + Math.round(limits.synchronousFraction() * 100)
                    + " % of " + organoid + "'s electrodes fired together in the last " + limits.windowMicros() / 1_000_000
                    + " s (tripwire maximum " + limits.maxSynchronousBinsPerWindow() + ")";
        return null;
    }

    private void closeBin(long nextBin) {
        if (currentBin != Long.MIN_VALUE && currentEvents > 0) {
            int distinct = Long.bitCount(mask[0]) + Long.bitCount(mask[1]) + Long.bitCount(mask[2]) + Long.bitCount(mask[3]);
            boolean synchronous = distinct >= Math.ceil(limits.synchronousFraction() * electrodes.size());
            bins.addLast(new long[] {currentBin, currentEvents, synchronous ? 1 : 0});
            windowEvents += currentEvents;
            if (synchronous) windowSynchronous++;
            if (windowEvents >= limits.minEventsPerWindow() && limits.minEventsPerWindow() > 0) everActive = true;
        }
        currentBin = nextBin;
        currentEvents = 0;
        mask[0] = mask[1] = mask[2] = mask[3] = 0;
    }
}
