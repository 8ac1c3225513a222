package org.neurolab.driver.sim.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.neurolab.api.driver.DeviceException;
import org.neurolab.api.driver.DeviceInfo;
import org.neurolab.api.driver.MeaDriver;
import org.neurolab.api.driver.SignalListener;
import org.neurolab.api.lab.Electrode;
import org.neurolab.api.lab.MeaLayout;
import org.neurolab.api.stimulation.PulseTrain;
import org.neurolab.api.stimulation.StimulatorRange;

/**
 * A dry run's array as the real one is numbered: the lab's command path drives it as it drives the real driver, while the
 * machine simulates only the copied cultures (a smaller model, renumbered by the {@link ElectrodeMap}).
 */
final class PrivateMea implements MeaDriver {
    private final SimulatedMea model;
    private final ElectrodeMap map;
    private final MeaLayout layout;
    private final AtomicLong stimulations;
    private final Map<SignalListener, SignalListener> renumbered = new ConcurrentHashMap<>();

    PrivateMea(SimulatedMea model, ElectrodeMap map, AtomicLong stimulations) {
        this.model = model;
        this.map = map;
        this.stimulations = stimulations;
        List<Electrode> electrodes = new ArrayList<>();
        for (int i = 0; i < map.realCount(); i++) electrodes.add(new Electrode(i, i * 100.0, 0, 30));
        this.layout = new MeaLayout(model.info().deviceId(), electrodes, model.layout().sampleRateHz());
    }

    @Override
    public DeviceInfo info() {
        return model.info();
    }

    /** The real array's numbering: electrodes of cultures this dry run does not copy are listed but not simulated. */
    @Override
    public MeaLayout layout() {
        return layout;
    }

    @Override
    public StimulatorRange stimulatorRange() {
        return model.stimulatorRange();
    }

    @Override
    public long stimulate(List<Integer> electrodes, PulseTrain train) throws DeviceException {
        List<Integer> simulated;
        try {
            simulated = map.toModel(electrodes);
        } catch (IllegalArgumentException e) {
            throw new DeviceException(e.getMessage());
        }
        long applied = model.stimulate(simulated, train);
        stimulations.incrementAndGet();
        return applied;
    }

    @Override
    public void enterSafeState() {
        model.enterSafeState();
    }

    @Override
    public void addSignalListener(SignalListener listener, boolean wantsRaw) {
        SignalListener real = renumbered.computeIfAbsent(listener, l -> map.toReal(model.info().deviceId(), l));
        model.addSignalListener(real, wantsRaw);
    }

    @Override
    public void removeSignalListener(SignalListener listener) {
        SignalListener real = renumbered.remove(listener);
        if (real != null) model.removeSignalListener(real);
    }

    SimulatedMea model() {
        return model;
    }
}
