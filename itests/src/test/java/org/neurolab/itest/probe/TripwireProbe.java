package org.neurolab.itest.probe;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.neurolab.api.clock.LabClock;
import org.neurolab.api.control.Caller;
import org.neurolab.api.control.CommandRefusedException;
import org.neurolab.api.control.LabControl;
import org.neurolab.api.control.LabSession;
import org.neurolab.api.control.Stimulate;
import org.neurolab.api.stimulation.Polarity;
import org.neurolab.api.stimulation.Pulse;
import org.neurolab.api.stimulation.PulseTrain;
import org.neurolab.driver.sim.SimulationControl;
import org.neurolab.ethics.EthicsOffice;
import org.neurolab.simulator.culture.Fault;

/** Lets virtual lab time pass on the simulated rig, injects culture faults, and reads the ethics holds. */
public final class TripwireProbe extends ProbeBase {

    @Override
    protected String name() {
        return "tripwire";
    }

    @Override
    protected Object answer(String[] w) throws Exception {
        return switch (w[0]) {
            case "advance" -> advance(Long.parseLong(w[1]));
            case "holds" -> new TreeSet<>(service(EthicsOffice.class).holds().keySet()).stream().toList();
            case "hold-reason" -> service(EthicsOffice.class).holds().get(w[1]);
            case "dying" -> {
                service(SimulationControl.class).injectFault(w[1], new Fault(Fault.Kind.DYING_CULTURE, -1, Integer.parseInt(w[2]), 1.0));
                yield "ok";
            }
            case "stimulate" -> stimulate(w[1]);
            default -> "unknown request " + String.join(" ", w);
        };
    }

    /** Lab time passes in one-second steps, so the tripwire's wall-clock checks see it move. */
    private String advance(long seconds) throws InterruptedException {
        LabClock clock = service(LabClock.class);
        for (long s = 0; s < seconds; s++) {
            clock.awaitMicros(clock.nowMicros() + 1_000_000);
            if (s % 10 == 0) Thread.sleep(30);
        }
        Thread.sleep(1_200); // two tripwire checks
        return "at " + clock.nowMicros();
    }

    private String stimulate(String organoid) {
        try (LabSession s = service(LabControl.class).openSession(new Caller("probe-researcher", Set.of("researcher"), "research"))) {
            s.stimulate(new Stimulate(organoid, List.of(service(org.neurolab.api.lab.CultureRegistry.class).culture(organoid).orElseThrow()
                    .electrodes().get(0)), PulseTrain.single(Pulse.biphasic(Polarity.CATHODIC_FIRST, 2, 200, 0))));
            return "ok";
        } catch (CommandRefusedException e) {
            return "refused: " + e.getMessage();
        }
    }

}
