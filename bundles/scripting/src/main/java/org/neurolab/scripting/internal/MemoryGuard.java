package org.neurolab.scripting.internal;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends the run to blame when the lab's heap fills. GraalVM Community has no per-context heap limit, so the guard
 * watches the heap after every collection (the JVM's GC notifications): when what is left after a collection passes
 * the threshold, a full collection confirms it is live data, and the run whose thread allocated the most since the
 * heap was last seen healthy is ended ("used too much memory"). Other runs, the rig's threads and FileInstall go on.
 * It acts before an {@code OutOfMemoryError} only as far as the culprit's allocation rate lets it: see
 * docs/ARCHITECTURE.md (in-process limits).
 */
final class MemoryGuard implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MemoryGuard.class);
    /** A run that allocated less than this since the heap was healthy did not fill it: 5 % of the heap, at least 64 MB. */
    static long leastToBlame() {
        return Math.max(64L << 20, maxHeap() / 20);
    }

    /** After a full heap with no one to blame, the next confirming full collection waits this long (no collection storm). */
    static final long BLAMELESS_PAUSE_MILLIS = 10_000;

    private final Supplier<Collection<ScriptRun>> active;
    private final ScheduledExecutorService watchdog;
    private volatile double threshold;
    private final NotificationListener listener = this::onNotification;
    /** Per run: its allocated bytes when the heap was last seen healthy. Only on the watchdog thread. */
    private final Map<ScriptRun, Long> healthyAt = new HashMap<>();
    private volatile boolean checkPending;
    private volatile boolean reclaiming;
    private final java.util.Set<String> heapPools = new java.util.HashSet<>();
    private long lastBlamelessWarning;
    private volatile long blamelessUntil;

    MemoryGuard(Supplier<Collection<ScriptRun>> active, ScheduledExecutorService watchdog, double threshold) {
        this.active = active;
        this.watchdog = watchdog;
        this.threshold = threshold;
        if (!RunMeter.allocationMeasurable())
            LOG.warn("This JVM cannot count each thread's allocations: a script that fills the heap cannot be told from the others");
        for (var pool : ManagementFactory.getMemoryPoolMXBeans())
            if (pool.getType() == java.lang.management.MemoryType.HEAP) heapPools.add(pool.getName());
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans())
            if (gc instanceof NotificationEmitter e) e.addNotificationListener(listener, null, null);
    }

    /** The share of the heap (0–1) live data may fill after a collection before the biggest allocator is ended. */
    void threshold(double share) {
        this.threshold = share;
    }

    private void onNotification(Notification n, Object handback) {
        if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType())) return;
        GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData());
        if ("System.gc()".equals(info.getGcCause())) return; // the guard's own confirmations (and anyone's explicit ones)
        long used = 0;
        for (Map.Entry<String, MemoryUsage> pool : info.getGcInfo().getMemoryUsageAfterGc().entrySet())
            if (heapPools.contains(pool.getKey())) used += pool.getValue().getUsed();
        boolean full = used >= maxHeap() * threshold;
        if (checkPending || reclaiming || (full && System.currentTimeMillis() < blamelessUntil)) return;
        checkPending = true;
        try {
            watchdog.execute(() -> check(full));
        } catch (java.util.concurrent.RejectedExecutionException stopping) {
            checkPending = false;
        }
    }

    /** On the watchdog thread after a collection: remember healthy figures, or confirm pressure and end the culprit. */
    void check(boolean looksFull) {
        checkPending = false;
        if (!looksFull) {
            rememberHealthy();
            return;
        }
        System.gc(); // after a full collection what is used is live, not garbage waiting for a mixed collection
        long live = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        if (live < maxHeap() * threshold) {
            rememberHealthy();
            return;
        }
        ScriptRun culprit = null;
        long most = 0;
        for (ScriptRun r : active.get()) {
            if (!r.isActive()) continue;
            long since = r.meter().allocatedBytes() - healthyAt.getOrDefault(r, 0L);
            if (since > most) {
                most = since;
                culprit = r;
            }
        }
        String heap = mb(live) + " of " + mb(maxHeap()) + " MB live after collection";
        if (culprit == null || most < leastToBlame()) {
            blamelessUntil = System.currentTimeMillis() + BLAMELESS_PAUSE_MILLIS;
            if (System.currentTimeMillis() - lastBlamelessWarning < 60_000) return; // said once a minute, not at every collection
            lastBlamelessWarning = System.currentTimeMillis();
            LOG.warn("The lab's heap is full ({}) and no script run allocated much since it was healthy: none is ended", heap);
            return;
        }
        LOG.warn("The lab's heap is full ({}): ending run {}, which allocated {} MB since the heap was last healthy", heap, culprit.id(), mb(most));
        culprit.failForLimit("used too much memory: " + mb(most) + " MB allocated since the lab's heap was last healthy, which then held "
                + heap + " (limit " + Math.round(threshold * 100) + " %)");
        // the culprit's data is freed once its context has unwound: until then, no one else is blamed for it
        reclaiming = true;
        watchdog.schedule(() -> {
            System.gc();
            reclaiming = false;
            rememberHealthy();
        }, 500, TimeUnit.MILLISECONDS);
    }

    private void rememberHealthy() {
        healthyAt.keySet().removeIf(r -> !r.isActive());
        for (ScriptRun r : active.get()) if (r.isActive()) healthyAt.put(r, r.meter().allocatedBytes());
    }

    private static long maxHeap() {
        long max = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getMax();
        return max > 0 ? max : Runtime.getRuntime().maxMemory();
    }

    private static long mb(long bytes) {
        return bytes >> 20;
    }

    @Override
    public void close() {
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (gc instanceof NotificationEmitter e) {
                try {
                    e.removeNotificationListener(listener);
                } catch (javax.management.ListenerNotFoundException ignored) {
                    // never added
                }
            }
        }
    }
}
