package org.neurolab.control.internal;

import java.util.List;
import java.util.Optional;
import org.neurolab.api.control.DataSourceHealth;
import org.neurolab.api.control.LabControl;
import org.neurolab.api.driver.DeviceInfo;
import org.neurolab.api.lab.MeaLayout;
import org.neurolab.api.signal.DetectionSettings;
import org.neurolab.api.stimulation.StimulatorRange;

/** What a {@link LabControl} reads off its {@link CommandPath}: the lab's control service and a dry run's private path alike. */
abstract class CommandPathView implements LabControl {
    abstract CommandPath path();

    @Override
    public List<DeviceInfo> devices() {
        return path().deviceInfos();
    }

    @Override
    public Optional<MeaLayout> layout(String meaId) {
        return path().layout(meaId);
    }

    @Override
    public Optional<StimulatorRange> stimulatorRange(String meaId) {
        return path().stimulatorRange(meaId);
    }

    @Override
    public boolean detectsSpikes(String meaId) {
        return path().detectsSpikes(meaId);
    }

    @Override
    public long closedLoopHoldMicros(String meaId) {
        return path().closedLoopHoldMicros(meaId);
    }

    @Override
    public List<DataSourceHealth> dataHealth() {
        return path().dataHealth();
    }

    @Override
    public Optional<DetectionSettings> detection(String meaId) {
        return path().detection(meaId);
    }

    @Override
    public List<String> missingRequiredGuards() {
        return path().guards.missingGuards();
    }
}
