package org.neurolab.driver.sim.internal;

import java.lang.reflect.Proxy;
import java.util.List;
import org.neurolab.api.clock.LabClock;
import org.neurolab.api.driver.MeaDriver;
import org.neurolab.api.lab.Organoid;

/**
 * The lab's default simulated rig outside OSGi, for benchmarks and other modules' tests (never used by the lab itself):
 * the same {@link Rig} the {@code org.neurolab.driver.sim} component builds, with every setting of
 * {@link SimulatedRigConfig} at its default (paced on the given lab clock, 4 MEAs of 4 cultures, sized to this machine
 * at start), whose MEA drivers and cultures the caller wires by hand as SCR wires them in the lab. Public only because
 * the bench lives in another module; the package is not exported.
 */
public final class StandaloneRig implements AutoCloseable {
    private final Rig rig;

    private StandaloneRig(Rig rig) {
        this.rig = rig;
    }

    /** Builds the default rig on {@code labClock} (it measures this machine first) and starts pacing it on that clock. */
    public static StandaloneRig pacedDefault(LabClock labClock) {
        Rig rig = Rig.build(defaults(), "standalone", labClock);
        rig.startPacing();
        return new StandaloneRig(rig);
    }

    /** The rig's MEAs, as the lab's control service gets them. */
    public List<MeaDriver> meas() {
        return List.copyOf(rig.meas);
    }

    /** The cultures the rig announces ({@code sim-mea0-o0} …). */
    public List<Organoid> cultures() {
        return rig.cultures;
    }

    /** What the rig chose at start: neurons per organoid and the speed it measured (as the lab's log says). */
    public String sizing() {
        return rig.sizing;
    }

    /** Closed-loop lockstep from now on: how long (wall ms) a chunk with spikes waits for a script's answer; 0 = free-running. */
    public void closedLoopHold(double millis) {
        rig.closedLoopHold(millis);
    }

    @Override
    public void close() {
        rig.close();
    }

    /**
     * The configuration with every attribute at its declared default, as SCR hands a component one when no configuration
     * sets anything: a proxy answering each attribute with the annotation's own default, so this rig cannot drift from
     * the lab's default rig when a default changes.
     */
    static SimulatedRigConfig defaults() {
        return (SimulatedRigConfig) Proxy.newProxyInstance(SimulatedRigConfig.class.getClassLoader(), new Class<?>[] {SimulatedRigConfig.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "annotationType" -> SimulatedRigConfig.class;
                    case "toString" -> "SimulatedRigConfig(defaults)";
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> {
                        Object value = method.getDefaultValue();
                        if (value == null) throw new IllegalStateException("SimulatedRigConfig." + method.getName() + " has no default");
                        yield value;
                    }
                });
    }
}
