package org.neurolab.console.internal.log;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Keeps one cause from flooding the lab's log: at most {@code perWindow} lines per cause in each window; the rest
 * are counted, and the next line allowed says how many of its kind were left out. A cause is a short key (the
 * kind of failure and the route), never the request's own text, so a caller cannot mint new causes at will; past
 * {@link #MAX_CAUSES} keys everything shares one.
 */
public final class LogLimiter {
    static final int MAX_CAUSES = 1000;
    private final int perWindow;
    private final long windowMillis;
    private final LongSupplier clock;
    private final Map<String, Window> windows = new ConcurrentHashMap<>();

    private static final class Window {
        long start;
        int lines;
        long suppressed;
    }

    public LogLimiter(int perWindow, long windowMillis, LongSupplier clock) {
        this.perWindow = perWindow;
        this.windowMillis = windowMillis;
        this.clock = clock;
    }

    /**
     * Whether a line of this cause may be written now. Returns -1 if not; else how many lines of this cause were left
     * out since the last one written (0 usually), for the caller to say so in the line.
     */
    public long admit(String cause) {
        String key = windows.size() >= MAX_CAUSES && !windows.containsKey(cause) ? "(other causes)" : cause;
        Window w = windows.computeIfAbsent(key, k -> new Window());
        synchronized (w) {
            long now = clock.getAsLong();
            if (now - w.start >= windowMillis) {
                w.start = now;
                w.lines = 0;
            }
            if (w.lines >= perWindow) {
                w.suppressed++;
                return -1;
            }
            w.lines++;
            long left = w.suppressed;
            w.suppressed = 0;
            return left;
        }
    }
}
