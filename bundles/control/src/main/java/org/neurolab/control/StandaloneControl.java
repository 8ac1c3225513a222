package org.neurolab.control;

import java.util.List;
import java.util.Map;
import org.neurolab.api.clock.LabClock;
import org.neurolab.api.control.CommandGuard;
import org.neurolab.api.control.CommandJournal;
import org.neurolab.api.control.LabControl;
import org.neurolab.api.driver.MeaDriver;
import org.neurolab.api.lab.CultureRegistry;
import org.neurolab.control.internal.StandaloneWiring;
import org.neurolab.control.internal.SystemLabClock;

/**
 * The lab's control service without a framework, for benchmarks and tests of other modules: the lab's own command
 * path (culture and electrode checks, stimulator range, guard board, journals, the drivers) and signal path over the
 * arrays given. Inside the lab, use the {@link LabControl} service.
 */
public final class StandaloneControl implements AutoCloseable {
    private final LabControl control;
    private final List<MeaDriver> meas;

    private StandaloneControl(LabControl control, List<MeaDriver> meas) {
        this.control = control;
        this.meas = meas;
    }

    /**
     * @param guards   by name; each is required (while one is missing every command is refused) and counts as the lab's own
     * @param journals by name; each is required and hears every decision
     */
    public static StandaloneControl open(CultureRegistry cultures, LabClock clock, List<? extends MeaDriver> meas, Map<String, CommandGuard> guards,
                                         Map<String, CommandJournal> journals) {
        if (meas.isEmpty()) throw new IllegalArgumentException("a control needs at least one array");
        List<MeaDriver> arrays = List.copyOf(meas);
        return new StandaloneControl(StandaloneWiring.wire(cultures, clock, arrays, Map.copyOf(guards), Map.copyOf(journals)), arrays);
    }

    /** The lab's real-time clock with its epoch now and no lab home to keep it in (what the lab's clock is, minus persistence). */
    public static LabClock realTimeClock() {
        return new SystemLabClock();
    }

    public LabControl control() {
        return control;
    }

    /** Takes the control off its arrays, as the lab does when control stops: sessions close (devices safe), listeners leave. */
    @Override
    public void close() {
        StandaloneWiring.unwire(control, meas);
    }
}
