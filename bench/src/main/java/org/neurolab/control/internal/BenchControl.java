package org.neurolab.control.internal;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.neurolab.api.clock.LabClock;
import org.neurolab.api.control.CommandGuard;
import org.neurolab.api.control.CommandJournal;
import org.neurolab.api.control.GuardDecision;
import org.neurolab.api.control.LabControl;
import org.neurolab.api.driver.MeaDriver;
import org.neurolab.api.lab.CultureRegistry;

/** The lab's control service outside OSGi, for benchmarks: wired by hand as SCR would wire it. */
public final class BenchControl {
    private BenchControl() {
    }

    /**
     * The real command path (culture check, stimulator range, guard board, journals, driver) over {@code mea}, with one
     * guard that allows everything in memory (standing in for the ethics guard's in-memory decision) and these journals,
     * all required.
     */
    public static LabControl create(CultureRegistry cultures, LabClock clock, MeaDriver mea, Map<String, CommandJournal> journals) {
        return create(cultures, clock, List.of(mea), journals);
    }

    /** The same over several arrays (a whole rig's). */
    public static LabControl create(CultureRegistry cultures, LabClock clock, List<? extends MeaDriver> meas, Map<String, CommandJournal> journals) {
        LabControlService s = new LabControlService(ControlRules.requiring(Set.of("bench-allow"), journals.keySet()), cultures, clock);
        for (MeaDriver mea : meas) s.addMea(mea);
        CommandGuard allow = request -> GuardDecision.allow(List.of("bench.allow v1"));
        s.addOwnGuard(allow, Map.of(CommandGuard.NAME, "bench-allow"));
        journals.forEach((name, j) -> s.addOwnJournal(j, Map.of(CommandJournal.NAME, name)));
        return s;
    }

    /**
     * Takes a control made by {@link #create} off its arrays, as SCR unbinds them (its listeners leave the drivers, its
     * sessions close): for a bench that wires another control to the same running rig.
     */
    public static void release(LabControl control, List<? extends MeaDriver> meas) {
        LabControlService s = (LabControlService) control;
        s.deactivate();
        for (MeaDriver mea : meas) s.removeMea(mea);
    }
}
