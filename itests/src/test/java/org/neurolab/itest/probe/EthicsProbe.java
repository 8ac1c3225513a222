package org.neurolab.itest.probe;

import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Set;
import org.neurolab.api.control.Caller;
import org.neurolab.api.control.CommandRefusedException;
import org.neurolab.api.control.LabControl;
import org.neurolab.api.control.LabSession;
import org.neurolab.api.control.Stimulate;
import org.neurolab.api.driver.DeviceDriver;
import org.neurolab.api.driver.DeviceInfo;
import org.neurolab.api.driver.MeaDriver;
import org.neurolab.api.lab.CultureRegistry;
import org.neurolab.api.lab.Organoid;
import org.neurolab.api.stimulation.Polarity;
import org.neurolab.api.stimulation.Pulse;
import org.neurolab.api.stimulation.PulseTrain;

/** A researcher's bundle (what a script will be): stimulates through the control service only, on a recording MEA. */
public final class EthicsProbe extends ProbeBase {
    private final RecordingMea mea = new RecordingMea();
    private LabSession session;

    @Override
    protected String name() {
        return "ethics";
    }

    @Override
    protected void started() {
        Dictionary<String, Object> meaProps = new Hashtable<>();
        meaProps.put(DeviceDriver.DEVICE_ID, "probe/mea0");
        context.registerService(MeaDriver.class, mea, meaProps);
    }

    @Override
    protected void stopped() {
        if (session != null) session.close();
    }

    @Override
    protected Object answer(String[] w) throws Exception {
        return switch (w[0]) {
            case "devices" -> control().devices().stream().map(DeviceInfo::deviceId).toList();
            case "missing-guards" -> control().missingRequiredGuards();
            case "cultures" -> service(CultureRegistry.class).cultures().stream().map(Organoid::id).toList();
            case "stimulate" -> stimulate(Double.parseDouble(w[1]), Long.parseLong(w[2]), w.length > 3 ? w[3] : "research");
            case "mea-stimulations" -> List.copyOf(mea.stimulations);
            default -> "unknown request " + String.join(" ", w);
        };
    }

    private String stimulate(double amplitude, long phaseMicros, String purpose) {
        if (session == null || !session.caller().purpose().equals(purpose)) {
            if (session != null) session.close();
            session = control().openSession(new Caller("probe-researcher", Set.of("researcher"), purpose));
        }
        PulseTrain train = new PulseTrain(Pulse.biphasic(Polarity.CATHODIC_FIRST, amplitude, phaseMicros, 50), 3, 10_000);
        try {
            return "ok " + session.stimulate(new Stimulate("probe-o1", List.of(0, 1), train)).commandId();
        } catch (CommandRefusedException e) {
            return "refused by " + e.refusedBy() + ": " + e.getMessage();
        }
    }

    private LabControl control() {
        return service(LabControl.class);
    }

}
