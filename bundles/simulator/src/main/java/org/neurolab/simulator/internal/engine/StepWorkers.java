package org.neurolab.simulator.internal.engine;

import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;

/**
 * Helper threads that run a network's step phases beside the stepping thread.
 *
 * <p>A step has two phases and lasts from microseconds to a millisecond, far too short for
 * blocking hand-offs (a park/unpark round trip costs tens of microseconds), so waiting is
 * adaptive: spin briefly (the other side is usually a few microseconds away), then yield the core
 * (the machine may be shared, and a spinning waiter would starve the very thread it waits for),
 * and only park once a helper has been idle for milliseconds (the network is not being stepped).
 */
final class StepWorkers implements AutoCloseable {

    static final int UPDATE = 0;
    static final int PROPAGATE = 1;

    /** ~10-20 µs of PAUSE instructions before yielding. */
    private static final int SPINS = 256;
    /** Yields before a helper parks; a yield to an idle core returns in about a microsecond. */
    private static final int YIELDS_BEFORE_PARK = 2000;
    private static final int STRIDE = 16;

    private final Network network;
    private final int threads;
    private final Thread[] helpers;
    /** generation << 1 | phase; a helper works once per new value. */
    private volatile long command;
    private volatile boolean running = true;
    /** done[t * STRIDE]: the last generation helper t finished; strided against false sharing. */
    private final AtomicLongArray done;
    /** parked[t * STRIDE] == 1 while helper t is (about to be) parked and needs an unpark. */
    private final AtomicLongArray parked;
    private volatile Throwable failure;
    private long generation;

    StepWorkers(Network network, int threads) {
        this.network = network;
        this.threads = threads;
        this.done = new AtomicLongArray(threads * STRIDE);
        this.parked = new AtomicLongArray(threads * STRIDE);
        this.helpers = new Thread[threads - 1];
        for (int t = 1; t < threads; t++) {
            final int index = t;
            Thread helper = new Thread(() -> work(index), "neurolab-sim-step-" + t);
            helper.setDaemon(true);
            helpers[t - 1] = helper;
            helper.start();
        }
    }

    int threads() {
        return threads;
    }

    /** Runs one phase on all threads (this one takes share 0) and returns when all are done. */
    void runPhase(int phase) {
        long gen = ++generation;
        command = gen << 1 | phase;
        // Dekker pair with the helper: it writes parked then reads command; we write command then
        // read parked, so one of the two sees the other's write and no wake-up is lost
        for (int t = 1; t < threads; t++) {
            if (parked.get(t * STRIDE) != 0) {
                LockSupport.unpark(helpers[t - 1]);
            }
        }
        network.runShare(phase, 0, threads);
        for (int t = 1; t < threads; t++) {
            int spins = 0;
            while (done.get(t * STRIDE) != gen) {
                if (++spins < SPINS) {
                    Thread.onSpinWait();
                } else {
                    if ((spins & 0xFFFF) == 0 && !helpers[t - 1].isAlive()) {
                        throw new IllegalStateException("simulation thread " + t + " died", failure);
                    }
                    Thread.yield();
                }
            }
        }
        Throwable failed = failure;
        if (failed != null) {
            throw new IllegalStateException("a simulation thread failed; the network state is undefined", failed);
        }
    }

    private void work(int index) {
        long seen = 0;
        while (true) {
            long cmd;
            int waits = 0;
            while ((cmd = command) == seen) {
                if (!running) {
                    return;
                }
                waits++;
                if (waits < SPINS) {
                    Thread.onSpinWait();
                } else if (waits < SPINS + YIELDS_BEFORE_PARK) {
                    Thread.yield();
                } else {
                    parked.set(index * STRIDE, 1);
                    if (command == seen && running) {
                        LockSupport.park(this);
                    }
                    parked.set(index * STRIDE, 0);
                }
            }
            seen = cmd;
            try {
                network.runShare((int) (cmd & 1), index, threads);
            } catch (Throwable t) {
                failure = t;
            }
            done.set(index * STRIDE, cmd >>> 1);
        }
    }

    @Override
    public void close() {
        running = false;
        for (Thread helper : helpers) {
            LockSupport.unpark(helper);
        }
        for (Thread helper : helpers) {
            try {
                helper.join(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
