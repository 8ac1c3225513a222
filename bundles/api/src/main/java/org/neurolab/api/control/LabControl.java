package org.neurolab.api.control;

import java.util.List;
import java.util.Optional;
import org.neurolab.api.driver.DeviceInfo;
import org.neurolab.api.lab.MeaLayout;
import org.neurolab.api.stimulation.StimulatorRange;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The only way to act on a culture. Scripts, REST and schedulers open a session here; the service
 * consults the guards, journals the decision and only then calls the driver. Raw drivers are hidden from
 * every other bundle.
 */
@ProviderType
public interface LabControl {
    /** The devices the lab has now (drivers come and go with their bundles). */
    List<DeviceInfo> devices();

    /** The layout of an array, if a driver for it is present. */
    Optional<MeaLayout> layout(String meaId);

    /**
     * What the array's stimulator can deliver, if a driver for it is present: the range control enforces on every
     * stimulation (dry runs apply the same range on their private rig).
     */
    default Optional<StimulatorRange> stimulatorRange(String meaId) {
        return Optional.empty();
    }

    /**
     * How complete each array's data is now (watermark, lag, gaps): what the console's health banner, {@code ./neurolab
     * status} and the run logs show when a source falls behind.
     */
    default List<DataSourceHealth> dataHealth() {
        return List.of();
    }

    /**
     * True when the array's driver brings its own spike events (the lab takes them as they are, for every consumer);
     * false when it delivers only raw samples and the lab detects the spikes on them.
     */
    default boolean detectsSpikes(String meaId) {
        return true;
    }

    /**
     * How long the array waits for a closed loop's answer after a chunk with spikes (a simulated rig's lockstep; see
     * {@link org.neurolab.api.driver.MeaDriver#closedLoopHoldMicros()}); 0 for a real instrument or when no driver is present.
     */
    default long closedLoopHoldMicros(String meaId) {
        return 0;
    }

    /**
     * How the lab detects the array's spikes when its driver delivers raw samples only (the settings of the lab's one
     * detector, whose events every consumer sees); empty when the driver brings its own events or no driver is present.
     */
    default Optional<org.neurolab.api.signal.DetectionSettings> detection(String meaId) {
        return Optional.empty();
    }

    /** Guards the configuration requires that are not registered; while any is missing, commands are refused. */
    List<String> missingRequiredGuards();

    LabSession openSession(Caller caller);

    /**
     * The newest reading of the rig's incubator sensors, read-only (the scheduler suspends runs when it leaves the safe
     * range). Empty when the rig has no sensor or it cannot be read now.
     */
    default Optional<org.neurolab.api.driver.EnvironmentReading> environment(String rigId) {
        return Optional.empty();
    }

    /** The measured medium flow of a pump, µL/min, read-only. Empty when no such pump runs or it cannot be read now. */
    default java.util.OptionalDouble mediumFlowMicrolitresPerMinute(String pumpDeviceId) {
        return java.util.OptionalDouble.empty();
    }

    /**
     * Measures the electrode impedances of an array (kΩ, index = electrode): maintenance, read-only for the culture.
     *
     * @throws IllegalArgumentException when no driver for the array is running
     * @throws org.neurolab.api.driver.DeviceException when the array cannot measure or the measurement failed
     */
    default double[] electrodeImpedancesKilohms(String meaId) throws org.neurolab.api.driver.DeviceException {
        throw new UnsupportedOperationException("this lab control cannot measure impedances");
    }
}
