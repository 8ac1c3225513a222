package org.neurolab.scripting.internal;

import java.lang.management.ManagementFactory;

/**
 * What one run's thread has used: CPU time (less the lab's own work on it: a virtual rig simulating for a dry run's
 * waits) and allocated bytes since the run began, and how long the closed-loop
 * callback now running has been running. A run executes on one runner thread (its callbacks and JS timers too), so
 * that thread's counters are the run's. Written by the run's thread, read by the lab's watchdogs.
 */
final class RunMeter {
    private static final java.lang.management.ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final com.sun.management.ThreadMXBean HOTSPOT_THREADS =
            THREADS instanceof com.sun.management.ThreadMXBean t && t.isThreadAllocatedMemorySupported() ? t : null;

    static {
        if (THREADS.isThreadCpuTimeSupported() && !THREADS.isThreadCpuTimeEnabled()) THREADS.setThreadCpuTimeEnabled(true);
        if (HOTSPOT_THREADS != null && !HOTSPOT_THREADS.isThreadAllocatedMemoryEnabled()) HOTSPOT_THREADS.setThreadAllocatedMemoryEnabled(true);
    }

    private volatile long threadId = -1;
    private long cpuAtStart;
    private long allocatedAtStart;
    private volatile long callbackSince;
    /** CPU time this thread spent on the lab's work (a virtual rig's simulation) rather than the script's. */
    private volatile long labWorkNanos;
    private long labWorkStartedAt = -1;
    private volatile String callbackName = "";

    /** Whether CPU time can be measured per thread in this JVM (else the CPU limit cannot be kept, and the lab says so). */
    static boolean cpuTimeMeasurable() {
        return THREADS.isThreadCpuTimeSupported();
    }

    /** Whether allocated bytes can be measured per thread (HotSpot's ThreadMXBean). */
    static boolean allocationMeasurable() {
        return HOTSPOT_THREADS != null;
    }

    /** Called on the run's thread as the run starts. */
    void attach() {
        Thread t = Thread.currentThread();
        cpuAtStart = Math.max(0, THREADS.getCurrentThreadCpuTime());
        allocatedAtStart = HOTSPOT_THREADS == null ? 0 : HOTSPOT_THREADS.getThreadAllocatedBytes(t.threadId());
        threadId = t.threadId();
    }

    /** Called on the run's thread as the run ends: the thread goes on to other runs, its counters are no longer this run's. */
    void detach() {
        threadId = -1;
    }

    /** CPU time used by the run so far, in ns; 0 before it starts or after it ended. */
    long cpuNanos() {
        long id = threadId;
        if (id < 0) return 0;
        long now = THREADS.getThreadCpuTime(id);
        return now < 0 || threadId != id ? 0 : Math.max(0, now - cpuAtStart - labWorkNanos);
    }

    /** On the run's thread: the lab's own work starts here (a virtual rig advancing its models for a wait). */
    void labWorkStarted() {
        labWorkStartedAt = THREADS.getCurrentThreadCpuTime();
    }

    void labWorkEnded() {
        if (labWorkStartedAt >= 0) labWorkNanos += Math.max(0, THREADS.getCurrentThreadCpuTime() - labWorkStartedAt);
        labWorkStartedAt = -1;
    }

    /** Bytes the run's thread has allocated since the run began (garbage included); 0 when not running or not measurable. */
    long allocatedBytes() {
        long id = threadId;
        if (id < 0 || HOTSPOT_THREADS == null) return 0;
        long now = HOTSPOT_THREADS.getThreadAllocatedBytes(id);
        return now < 0 || threadId != id ? 0 : Math.max(0, now - allocatedAtStart);
    }

    void callbackStarted(String name) {
        callbackName = name;
        callbackSince = System.nanoTime();
    }

    void callbackEnded() {
        callbackSince = 0;
    }

    /** How long the callback now running has run, in ns; 0 when none is running. */
    long callbackNanos(long nowNanos) {
        long since = callbackSince;
        return since == 0 ? 0 : nowNanos - since;
    }

    String callbackName() {
        return callbackName;
    }
}
