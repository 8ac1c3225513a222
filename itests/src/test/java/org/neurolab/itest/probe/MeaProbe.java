package org.neurolab.itest.probe;

import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import org.neurolab.api.control.LabControl;
import org.neurolab.api.control.LabSession;
import org.neurolab.api.driver.DeviceDriver;
import org.neurolab.api.driver.DeviceInfo;
import org.neurolab.api.driver.MeaDriver;
import org.neurolab.api.lab.CultureRegistry;
import org.neurolab.api.lab.Organoid;

/**
 * A probe that brings its own {@link RecordingMea} ("probe/mea0") and answers the questions every command-path test
 * asks: devices, missing guards, cultures, what reached the MEA. Subclasses add their own requests.
 */
public abstract class MeaProbe extends ProbeBase {
    protected final RecordingMea mea = new RecordingMea();
    protected LabSession session;

    @Override
    protected final void started() {
        Dictionary<String, Object> props = new Hashtable<>();
        props.put(DeviceDriver.DEVICE_ID, "probe/mea0");
        context.registerService(MeaDriver.class, mea, props);
    }

    @Override
    protected final void stopped() {
        if (session != null) session.close();
    }

    @Override
    protected final Object answer(String[] w) throws Exception {
        return switch (w[0]) {
            case "devices" -> control().devices().stream().map(DeviceInfo::deviceId).toList();
            case "missing-guards" -> control().missingRequiredGuards();
            case "cultures" -> service(CultureRegistry.class).cultures().stream().map(Organoid::id).toList();
            case "mea-stimulations" -> List.copyOf(mea.stimulations);
            case "mea-safe-states" -> mea.safeStates.get();
            default -> answerMore(w);
        };
    }

    /** The subclass's own requests; {@code "unknown request ..."} for anything else. */
    protected abstract Object answerMore(String[] w) throws Exception;

    protected LabControl control() {
        return service(LabControl.class);
    }
}
