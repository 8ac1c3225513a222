package org.neurolab.scripting.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Spikes per electrode in a window after a moment (a trigger's applied time), its first part blanked: the stimulation
 * artifact and the detector's own blanking fall there. FinalSpark's read_count is 200 ms with the first 10 ms blanked.
 */
record CountWindow(long afterMicros, long windowMicros, long blankMicros) {
    static final long MAX_WINDOW_MICROS = 60_000_000;

    CountWindow {
        if (windowMicros <= 0 || windowMicros > MAX_WINDOW_MICROS)
            throw new IllegalArgumentException("a count window is 0..60000 ms long, was " + windowMicros / 1000.0 + " ms");
        if (blankMicros < 0 || blankMicros >= windowMicros)
            throw new IllegalArgumentException("the blanked start of a count window must be 0 ms or more and shorter than the window ("
                    + windowMicros / 1000.0 + " ms), was " + blankMicros / 1000.0 + " ms");
        if (afterMicros < 0) throw new IllegalArgumentException("a count window starts at a lab time >= 0, was " + afterMicros / 1000.0 + " ms");
    }

    long fromMicros() {
        return afterMicros + blankMicros;
    }

    long toMicros() {
        return afterMicros + windowMicros;
    }

    /** Counts of every electrode of {@code electrodes} (zero included), in their order, from the spikes of the window. */
    Map<Integer, Long> count(List<Integer> electrodes, int[] spikeElectrodes) {
        Map<Integer, Long> counts = new LinkedHashMap<>();
        for (int e : electrodes) counts.put(e, 0L);
        for (int e : spikeElectrodes) counts.computeIfPresent(e, (k, n) -> n + 1);
        return counts;
    }
}
