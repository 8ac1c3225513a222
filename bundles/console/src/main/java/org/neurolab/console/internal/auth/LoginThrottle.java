package org.neurolab.console.internal.auth;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/** Refuses further attempts for a key (an address, an account) after too many failures in a window: guessing stays slow. */
public final class LoginThrottle {
    private final int maxFailures;
    private final long windowMillis;
    private final LongSupplier clockMillis;
    private final Map<String, Deque<Long>> failures = new ConcurrentHashMap<>();

    public LoginThrottle(int maxFailures, long windowMillis, LongSupplier clockMillis) {
        this.maxFailures = maxFailures;
        this.windowMillis = windowMillis;
        this.clockMillis = clockMillis;
    }

    /** @return milliseconds the address must wait, 0 if it may try now */
    public long waitMillis(String address) {
        Deque<Long> times = failures.get(address);
        if (times == null) return 0;
        synchronized (times) {
            prune(times);
            if (times.size() < maxFailures) return 0;
            return times.peekFirst() + windowMillis - clockMillis.getAsLong();
        }
    }

    public void failed(String address) {
        if (failures.size() > MAX_KEYS) forgetQuiet();
        Deque<Long> times = failures.computeIfAbsent(address, a -> new ArrayDeque<>());
        synchronized (times) {
            prune(times);
            times.addLast(clockMillis.getAsLong());
        }
    }

    public void succeeded(String address) {
        failures.remove(address);
    }

    /** Past this many keys, those with no failure in the window are dropped: invented names cannot fill memory. */
    static final int MAX_KEYS = 10_000;

    private void forgetQuiet() {
        failures.entrySet().removeIf(e -> {
            synchronized (e.getValue()) {
                prune(e.getValue());
                return e.getValue().isEmpty();
            }
        });
    }

    private void prune(Deque<Long> times) {
        long cutoff = clockMillis.getAsLong() - windowMillis;
        while (!times.isEmpty() && times.peekFirst() <= cutoff) times.pollFirst();
    }
}
