package org.neurolab.driver.sim;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.neurolab.api.driver.DeviceInfo;
import org.neurolab.api.driver.DeviceKind;
import org.neurolab.api.lab.Organoid;
import org.neurolab.api.stimulation.StimulatorRange;

/**
 * What a private rig stands in for: the cultures to copy (ids, arrays, electrodes, provenance, state), the arrays they
 * sit on, and the lights and pumps doses may name.
 *
 * @param seed     seed of the culture models; the same seed, script and cultures give the same spikes
 * @param cultures the cultures to copy; each must sit on one of {@code meas}
 * @param meas     the arrays, as the real ones are
 * @param delivery the real rigs' lights and pumps (as {@code LabControl.devices()} lists them), copied so that the lab's
 *                 command path checks a dose's device in a dry run as in the lab; their effect is the dosing rehearsal's
 */
public record VirtualRigSpec(long seed, List<Organoid> cultures, List<Mea> meas, List<DeviceInfo> delivery) {
    /**
     * One array as the real one is.
     *
     * @param meaId          its id in the lab
     * @param electrodeCount electrodes on it
     * @param sampleRateHz   its raw sampling rate
     * @param range          what its stimulator can deliver (the private rig refuses the rest, as control does)
     * @param rigId          the rig it sits in (a dose's light or pump must be on the same rig)
     */
    public record Mea(String meaId, int electrodeCount, int sampleRateHz, StimulatorRange range, String rigId) {
        /** An array whose rig does not matter to the dry run (no doses). */
        public Mea(String meaId, int electrodeCount, int sampleRateHz, StimulatorRange range) {
            this(meaId, electrodeCount, sampleRateHz, range, "dry-run");
        }

        public Mea {
            Objects.requireNonNull(meaId, "MEA id");
            Objects.requireNonNull(rigId, "MEA " + meaId + " needs its rig id");
            if (electrodeCount < 1) throw new IllegalArgumentException("MEA " + meaId + " needs >= 1 electrode, was " + electrodeCount);
            Objects.requireNonNull(range, "MEA " + meaId + " needs its stimulator range");
        }
    }

    /** A dry run that doses nothing: no lights or pumps copied. */
    public VirtualRigSpec(long seed, List<Organoid> cultures, List<Mea> meas) {
        this(seed, cultures, meas, List.of());
    }

    public VirtualRigSpec {
        cultures = List.copyOf(cultures);
        meas = List.copyOf(meas);
        delivery = List.copyOf(delivery);
        if (cultures.isEmpty()) throw new IllegalArgumentException("a private rig needs at least one culture to copy");
        Set<String> ids = new HashSet<>();
        for (Mea m : meas) if (!ids.add(m.meaId())) throw new IllegalArgumentException("MEA " + m.meaId() + " is listed twice");
        for (DeviceInfo d : delivery) {
            if (d.kind() != DeviceKind.LIGHT && d.kind() != DeviceKind.PUMP)
                throw new IllegalArgumentException("device " + d.deviceId() + " is a " + d.kind() + "; a dry run copies lights and pumps only");
            if (!ids.add(d.deviceId())) throw new IllegalArgumentException("device " + d.deviceId() + " is listed twice");
        }
        for (Organoid o : cultures) {
            Mea m = meas.stream().filter(x -> x.meaId().equals(o.meaId())).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("culture " + o.id() + " sits on MEA " + o.meaId() + ", which is not in the specification"));
            for (int e : o.electrodes())
                if (e >= m.electrodeCount())
                    throw new IllegalArgumentException("culture " + o.id() + ": electrode " + e + " is outside MEA " + m.meaId() + " (0.." + (m.electrodeCount() - 1) + ")");
        }
    }
}
