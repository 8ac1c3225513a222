package org.neurolab.scripting.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.graalvm.polyglot.Value;
import org.neurolab.api.signal.SpikeBatch;

/**
 * A run's closed loop between the signal path and the script's thread: the callbacks per culture, the bounded queue of
 * spike batches the source's thread puts in, and the count of batches not yet answered (a simulated rig holds its next
 * chunk while there are any: {@code SignalListener.answering}). The script's thread takes batches out while it waits;
 * batches that queued up while it was behind come in one call per culture.
 */
final class ClosedLoopInbox {
    /** A spike batch waiting for the script thread, with the time it arrived (closed-loop latency is counted from there). */
    record Pending(String organoid, SpikeBatch batch, long arrivedNanos) {
    }

    private final Map<String, List<Value>> callbacks = new ConcurrentHashMap<>();
    private final BlockingQueue<Pending> pending;
    /** Batches queued and not yet answered (their callback has not returned). */
    private final AtomicInteger unanswered = new AtomicInteger();
    private final AtomicLong dropped = new AtomicLong();
    /** Batches delivered together with an earlier one because the script had fallen behind. */
    private final AtomicLong coalesced = new AtomicLong();

    ClosedLoopInbox(int capacity) {
        this.pending = new ArrayBlockingQueue<>(capacity);
    }

    void addCallback(String organoid, Value callback) {
        callbacks.computeIfAbsent(organoid, k -> new ArrayList<>()).add(callback);
    }

    List<Value> callbacks(String organoid) {
        return callbacks.getOrDefault(organoid, List.of());
    }

    boolean hasCallbacks() {
        return !callbacks.isEmpty();
    }

    boolean wants(String organoid) {
        return callbacks.containsKey(organoid);
    }

    /** From the source's thread: a batch of the culture's own spikes for its callbacks (dropped, and counted, when full). */
    void offer(String organoid, SpikeBatch own) {
        unanswered.incrementAndGet(); // before the offer: the script thread may answer at once
        if (!pending.offer(new Pending(organoid, own, System.nanoTime()))) {
            unanswered.decrementAndGet();
            dropped.incrementAndGet();
        }
    }

    /** True while a batch is queued or its callback runs. */
    boolean answering() {
        return unanswered.get() > 0;
    }

    Pending poll(long timeout, TimeUnit unit) throws InterruptedException {
        return pending.poll(timeout, unit);
    }

    Pending poll() {
        return pending.poll();
    }

    /**
     * Calls back with {@code first} and every batch already waiting behind it, one call per culture with their spikes
     * merged in arrival order: a script that fell behind (a slow callback, a slow command) answers the newest activity
     * at once instead of working through a backlog, so one stall does not delay every later batch. Latency is still
     * counted from the oldest batch of the call. The batches count as answered when {@code call} returns (or throws).
     */
    void callCoalesced(Pending first, Consumer<Pending> call) {
        if (pending.isEmpty()) {
            try {
                call.accept(first);
            } finally {
                unanswered.decrementAndGet();
            }
            return;
        }
        List<Pending> waiting = new ArrayList<>();
        waiting.add(first);
        pending.drainTo(waiting);
        try {
            callGrouped(waiting, call);
        } finally {
            unanswered.addAndGet(-waiting.size());
        }
    }

    private void callGrouped(List<Pending> waiting, Consumer<Pending> call) {
        Map<String, List<Pending>> byCulture = new LinkedHashMap<>();
        for (Pending w : waiting) byCulture.computeIfAbsent(w.organoid(), k -> new ArrayList<>()).add(w);
        for (List<Pending> group : byCulture.values()) {
            if (group.size() == 1) {
                call.accept(group.get(0));
                continue;
            }
            coalesced.addAndGet(group.size() - 1);
            call.accept(merged(group));
        }
    }

    private static Pending merged(List<Pending> group) {
        int n = 0;
        for (Pending w : group) n += w.batch().count();
        int[] electrodes = new int[n];
        long[] times = new long[n];
        float[] amplitudes = new float[n];
        int at = 0;
        for (Pending w : group) {
            SpikeBatch b = w.batch();
            System.arraycopy(b.electrodes(), 0, electrodes, at, b.count());
            System.arraycopy(b.timesMicros(), 0, times, at, b.count());
            System.arraycopy(b.amplitudesMicrovolts(), 0, amplitudes, at, b.count());
            at += b.count();
        }
        Pending oldest = group.get(0);
        return new Pending(oldest.organoid(), new SpikeBatch(oldest.batch().meaId(), n, electrodes, times, amplitudes), oldest.arrivedNanos());
    }

    long dropped() {
        return dropped.get();
    }

    long coalesced() {
        return coalesced.get();
    }

    /** The run is over: callbacks (each holds its whole context) and queued batches go; nothing will answer now. */
    void clear() {
        callbacks.clear();
        pending.clear();
        unanswered.set(0);
    }
}
