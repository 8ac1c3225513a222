package org.neurolab.simulator.internal.engine;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.neurolab.simulator.internal.random.NormalGenerator;

/**
 * Whether the Vector API is there, and whether its code is compiled yet.
 *
 * <p>The module {@code jdk.incubator.vector} is only resolved when the JVM was started with
 * {@code --add-modules jdk.incubator.vector} (the lab's {@code jvm.args}, the bench and the tests do), and in OSGi the
 * system bundle must export its package. Without it the engine runs its scalar loops, with the same results.
 * {@code -Dneurolab.sim.vector=false} forces the scalar loops.
 *
 * <p>Vector API code runs far slower than the scalar loops until C2 has compiled it (the interpreter and C1 allocate
 * an object per vector operation): a network's first seconds, a dry run's start, the simulated rig's speed probe would
 * pay for it. So one low-priority daemon thread warms the vector update up on its own arrays, once per JVM, and the
 * engine uses it only from then on. Switching mid-run changes nothing: both compute the same floats.
 */
final class Kernels {

    static final boolean VECTOR = detect();

    /** Steps of the warm-up (C2 compiles a loop after some 10^4 invocations with 10^5 back edges). */
    private static final int WARM_UP_STEPS = 30_000;
    private static final int WARM_UP_NEURONS = 500;

    private static final CountDownLatch READY = new CountDownLatch(1);
    private static volatile boolean ready;

    static {
        if (VECTOR) {
            Thread warmUp = new Thread(Kernels::warmUp, "neurolab-sim-vector-warm-up");
            warmUp.setDaemon(true);
            warmUp.setPriority(Thread.MIN_PRIORITY);
            warmUp.start();
        }
    }

    private Kernels() {
    }

    /** True once the vector update is compiled: networks that may use it switch to it. */
    static boolean vectorReady() {
        return ready;
    }

    /** Waits (tests, benchmarks) until the vector update is in use; false when there is none or the wait timed out. */
    static boolean awaitVectorReady(long timeout, TimeUnit unit) throws InterruptedException {
        return VECTOR && READY.await(timeout, unit);
    }

    private static boolean detect() {
        if ("false".equalsIgnoreCase(System.getProperty("neurolab.sim.vector"))) {
            return false;
        }
        try {
            Class.forName("jdk.incubator.vector.FloatVector", false, Kernels.class.getClassLoader());
            // a machine with vectors of fewer than four floats gains nothing over the scalar loops
            return VectorUpdate.lanes() >= 4;
        } catch (ClassNotFoundException | LinkageError e) {
            if (ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()) {
                // the JVM has it, this class loader does not see it: in OSGi, the system bundle does not export it
                System.getLogger(Kernels.class.getName()).log(System.Logger.Level.WARNING,
                        "simulator engine: the JVM has jdk.incubator.vector but the engine cannot load it (" + e
                                + "); export the package from the system bundle (org.osgi.framework.system.packages.extra)."
                                + " The scalar loops run instead, with the same results");
            }
            return false;
        }
    }

    /** Izhikevich neurons with noise and, every other step, an external current: both loops, spikes and the tail. */
    private static void warmUp() {
        try {
            int n = WARM_UP_NEURONS + 3;
            float[] v = new float[n];
            float[] u = new float[n];
            float[] a = new float[n];
            float[] b = new float[n];
            float[] c = new float[n];
            float[] d = new float[n];
            float[] amplitude = new float[n];
            java.util.Arrays.fill(v, -65f);
            java.util.Arrays.fill(u, -13f);
            java.util.Arrays.fill(a, 0.02f);
            java.util.Arrays.fill(b, 0.2f);
            java.util.Arrays.fill(c, -65f);
            java.util.Arrays.fill(d, 8f);
            java.util.Arrays.fill(amplitude, 5f);
            float[] noise = new float[n];
            float[] external = new float[n];
            float[] input = new float[n];
            int[] spikes = new int[n];
            NormalGenerator random = new NormalGenerator(1);
            long fired = 0;
            for (int step = 0; step < WARM_UP_STEPS; step++) {
                if ((step & 1) == 0) {
                    random.fillScaled(noise, amplitude, 0, n);
                }
                fired += VectorUpdate.update(v, u, a, b, c, d, noise, (step & 2) == 0 ? null : external, input, 0.5f, 0, n,
                        spikes, 0);
            }
            if (fired == 0) {
                throw new IllegalStateException("the warm-up network never fired");
            }
            ready = true;
            // formatted here: the logger's MessageFormat would take an apostrophe for a quote
            System.getLogger(Kernels.class.getName()).log(System.Logger.Level.INFO,
                    "simulator engine: the Vector API neuron update is in use (" + VectorUpdate.lanes() + " floats per vector)");
        } catch (RuntimeException | LinkageError e) {
            // the scalar loops stay in use; nothing is lost but speed
            System.getLogger(Kernels.class.getName()).log(System.Logger.Level.WARNING,
                    "the Vector API's neuron update failed its warm-up; the engine keeps its scalar loops", e);
        } finally {
            READY.countDown();
        }
    }
}
