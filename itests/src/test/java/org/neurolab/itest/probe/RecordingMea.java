package org.neurolab.itest.probe;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.neurolab.api.driver.DeviceInfo;
import org.neurolab.api.driver.DeviceKind;
import org.neurolab.api.driver.MeaDriver;
import org.neurolab.api.driver.SignalListener;
import org.neurolab.api.lab.Electrode;
import org.neurolab.api.lab.MeaLayout;
import org.neurolab.api.stimulation.PulseTrain;
import org.neurolab.api.stimulation.StimulatorRange;

/** A test MEA that records what reaches it, so a test can tell whether a refused command touched the culture. */
public final class RecordingMea implements MeaDriver {
    final List<String> stimulations = new ArrayList<>();
    final AtomicInteger safeStates = new AtomicInteger();
    private final DeviceInfo info = new DeviceInfo("probe/mea0", DeviceKind.MEA, "probe", "test", "recording MEA", "1");
    private final MeaLayout layout;

    RecordingMea() {
        List<Electrode> electrodes = new ArrayList<>();
        for (int i = 0; i < 8; i++) electrodes.add(new Electrode(i, i * 100.0, 0, 30));
        layout = new MeaLayout("probe/mea0", electrodes, 30_000);
    }

    @Override
    public DeviceInfo info() {
        return info;
    }

    @Override
    public synchronized void enterSafeState() {
        safeStates.incrementAndGet();
    }

    @Override
    public MeaLayout layout() {
        return layout;
    }

    @Override
    public StimulatorRange stimulatorRange() {
        return new StimulatorRange(10.0, 20, 1_000, 1_000, 500);
    }

    @Override
    public synchronized long stimulate(List<Integer> electrodes, PulseTrain train) {
        stimulations.add(electrodes + " " + train.pulse().first().amplitudeMicroamps() + "uA");
        return System.nanoTime() / 1_000;
    }

    @Override
    public void addSignalListener(SignalListener listener, boolean wantsRaw) {
    }

    @Override
    public void removeSignalListener(SignalListener listener) {
    }
}
