package org.neurolab.scripting.internal;

import java.util.Collection;
import java.util.function.Supplier;

/**
 * Ends a run that uses more CPU time than its limit, or whose closed-loop callback does not return in time. Looked at
 * every {@value #PERIOD_MILLIS} ms from the lab's watchdog thread; the run is ended by cancelling its context, which
 * reaches loops that no statement count sees (GraalPy counts a statement per line, so {@code while True: pass} on one
 * line, or a comprehension over an endless iterator, is one statement that never ends).
 */
final class RunWatch implements Runnable {
    static final long PERIOD_MILLIS = 100;
    private final Supplier<Collection<ScriptRun>> active;

    RunWatch(Supplier<Collection<ScriptRun>> active) {
        this.active = active;
    }

    @Override
    public void run() {
        long now = System.nanoTime();
        for (ScriptRun r : active.get()) {
            if (!r.isActive()) continue;
            RunMeter m = r.meter();
            long cpu = m.cpuNanos();
            if (cpu > r.limits().maxCpuTime().toNanos()) {
                r.failForLimit("used its CPU time limit of " + seconds(r.limits().maxCpuTime().toNanos())
                        + " (an endless loop, or a computation too long for a lab run?)");
                continue;
            }
            long callback = m.callbackNanos(now);
            if (callback > r.limits().maxCallbackTime().toNanos())
                r.failForLimit("the " + m.callbackName() + " did not return within " + r.limits().maxCallbackTime().toMillis()
                        + " ms (a closed-loop callback must answer each batch quickly)");
        }
    }

    private static String seconds(long nanos) {
        return String.format(java.util.Locale.ROOT, "%.1f s", nanos / 1e9);
    }
}
