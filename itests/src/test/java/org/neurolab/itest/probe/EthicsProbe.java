package org.neurolab.itest.probe;

import java.util.List;
import java.util.Set;
import org.neurolab.api.control.Caller;
import org.neurolab.api.control.CommandRefusedException;
import org.neurolab.api.control.Stimulate;
import org.neurolab.api.stimulation.Polarity;
import org.neurolab.api.stimulation.Pulse;
import org.neurolab.api.stimulation.PulseTrain;

/** A researcher's bundle (what a script will be): stimulates through the control service only, on a recording MEA. */
public final class EthicsProbe extends MeaProbe {

    @Override
    protected String name() {
        return "ethics";
    }



    @Override
    protected Object answerMore(String[] w) throws Exception {
        return switch (w[0]) {
            case "stimulate" -> stimulate(Double.parseDouble(w[1]), Long.parseLong(w[2]), w.length > 3 ? w[3] : "research");
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


}
