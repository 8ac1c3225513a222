package org.neurolab.api.driver;

import java.util.List;
import org.neurolab.api.lab.MeaLayout;
import org.neurolab.api.stimulation.PulseTrain;
import org.neurolab.api.stimulation.StimulatorRange;
import org.osgi.annotation.versioning.ConsumerType;

/** A multi-electrode array: records every electrode, stimulates through any of them. */
@ConsumerType
public interface MeaDriver extends DeviceDriver {
    MeaLayout layout();

    /** What the stimulator can physically deliver. */
    StimulatorRange stimulatorRange();

    /**
     * Deliver {@code train} through each of {@code electrodes} at once, as soon as the device can.
     *
     * @return the lab time (µs) at which the device applies the train's first pulse, on the time base of this array's
     *         data (the time a recording stores and a script anchors its windows on)
     * @throws DeviceException when the hardware refuses or fails; nothing is delivered then
     */
    long stimulate(List<Integer> electrodes, PulseTrain train) throws DeviceException;

    /**
     * True when the driver delivers spike events of its own (a simulator, an amplifier with on-board detection): the
     * lab then takes its events as they are. False when it delivers only raw samples: the lab's detector finds the spikes
     * on them, once, for every consumer.
     */
    default boolean detectsSpikes() {
        return true;
    }

    /**
     * How long (µs of wall time) this array waits, after a chunk with spikes, for a closed loop still answering them
     * ({@link SignalListener#answering()}): a simulator's lockstep. 0 for a real instrument, which never waits: its
     * closed-loop latency is the lab's own path.
     */
    default long closedLoopHoldMicros() {
        return 0;
    }

    /**
     * Measures every electrode's impedance (kΩ at 1 kHz, index = electrode), the lab's check of electrode health. The
     * test signal is far below stimulation; arrays that cannot measure say so.
     */
    default double[] electrodeImpedancesKilohms() throws DeviceException {
        throw new DeviceException(info().deviceId() + " (" + info().model() + ") cannot measure electrode impedance");
    }

    void addSignalListener(SignalListener listener, boolean wantsRaw);

    void removeSignalListener(SignalListener listener);
}
