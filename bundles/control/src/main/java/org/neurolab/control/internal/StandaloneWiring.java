package org.neurolab.control.internal;

import java.util.List;
import java.util.Map;
import org.neurolab.api.clock.LabClock;
import org.neurolab.api.control.CommandGuard;
import org.neurolab.api.control.CommandJournal;
import org.neurolab.api.control.LabControl;
import org.neurolab.api.driver.MeaDriver;
import org.neurolab.api.lab.CultureRegistry;

/**
 * Wires the lab's control service by hand, as SCR wires it in the lab: for {@link org.neurolab.control.StandaloneControl},
 * which is how code outside this bundle and outside a framework gets one.
 */
public final class StandaloneWiring {
    private StandaloneWiring() {
    }

    /** Every guard and journal given is required and counts as the lab's own. */
    public static LabControl wire(CultureRegistry cultures, LabClock clock, List<? extends MeaDriver> meas, Map<String, CommandGuard> guards,
                                  Map<String, CommandJournal> journals) {
        LabControlService s = new LabControlService(ControlRules.requiring(guards.keySet(), journals.keySet()), cultures, clock);
        for (MeaDriver mea : meas) s.addMea(mea);
        guards.forEach((name, g) -> s.addOwnGuard(g, Map.of(CommandGuard.NAME, name)));
        journals.forEach((name, j) -> s.addOwnJournal(j, Map.of(CommandJournal.NAME, name)));
        return s;
    }

    /** As SCR unbinds the service: its sessions close (devices to their safe state), its listeners leave the drivers. */
    public static void unwire(LabControl control, List<? extends MeaDriver> meas) {
        LabControlService s = (LabControlService) control;
        s.deactivate();
        for (MeaDriver mea : meas) s.removeMea(mea);
    }
}
