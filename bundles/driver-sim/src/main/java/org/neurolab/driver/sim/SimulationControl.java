package org.neurolab.driver.sim;

import org.neurolab.simulator.culture.Fault;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Makes the simulated rig misbehave on purpose, the way hardware and cultures do: a dead or noisy
 * electrode, a dying culture, a stuck pump, an incubator leaving its range. Not a driver: it acts on the
 * simulation, never on a culture, so it is not hidden from other bundles.
 */
@ProviderType
public interface SimulationControl {
    /** Inject a fault into an MEA's culture model. */
    void injectFault(String meaId, Fault fault);

    /** Remove every fault of an MEA. */
    void clearFaults(String meaId);

    /** A stuck pump stops moving medium whatever it is told: its measured flow drops to zero. */
    void setPumpStuck(String pumpDeviceId, boolean stuck);

    /** Incubator conditions from now on; the sensors read these with their usual noise. */
    void setIncubator(double temperatureCelsius, double co2Percent, double humidityPercent);

    /** The neuromodulator concentration a culture model sees (the dosing bundle sets it; here for tests and training). */
    void setConcentration(String meaId, String compound, double micromolar);

    /**
     * An overloaded machine on purpose: a paced rig runs at most {@code fractionOfRealTime} × real time from now on
     * (0 = as fast as it can). It falls behind, says so, and sheds model time as counted gaps; a virtual rig ignores it.
     */
    default void setSlowdown(double fractionOfRealTime) {
        throw new UnsupportedOperationException("this simulation cannot be slowed");
    }
}
