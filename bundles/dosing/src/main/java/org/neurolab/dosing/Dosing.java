package org.neurolab.dosing;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.neurolab.api.control.Caller;
import org.neurolab.api.control.CommandRefusedException;
import org.neurolab.api.clock.LabClock;
import org.neurolab.api.control.LabSession;
import org.neurolab.api.lab.CultureRegistry;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Dosing as scripts, REST and the scheduler use it. Every dose and exchange goes through the caller's
 * {@link LabSession}, so the ethics, scheduling and dosing guards judge it and the audit trail records it.
 * Bad input (unknown compound, negative amount, unknown or mixed-up unit) is an {@link IllegalArgumentException}
 * that says what was wrong; a limit, an empty reservoir or a guard is a {@link CommandRefusedException}.
 */
@ProviderType
public interface Dosing {
    List<Compound> catalogue();

    Optional<Compound> compound(String name);

    DoseOutcome dose(LabSession session, DoseOrder order) throws CommandRefusedException;

    /** Pushes {@code volumeMicrolitres} of fresh medium through the culture's chamber. */
    ExchangeOutcome exchangeMedium(LabSession session, String organoidId, double volumeMicrolitres) throws CommandRefusedException;

    /** The concentrations (µM) in the culture's chamber now; compounds at (near) zero are left out. */
    Map<String, Double> concentrations(String organoidId);

    List<Reservoir> reservoirs();

    /** An operator refilled a reservoir to {@code level} (its unit). Recorded in the audit trail. */
    Reservoir refill(Caller operator, String reservoirId, double level);

    /** Doses given to a culture, newest last. */
    List<DoseOutcome> history(String organoidId);

    /** Reservoirs low or empty, doses refused for lack of supply: what an operator must see. */
    List<String> alerts();

    /**
     * A copy of the dosing state as it is now (chamber concentrations, the last 24 h of doses, reservoir levels) for a
     * dry run on a private rig: its doses are planned and judged by the same rules and limits, here rather than by a guard
     * (a private rig has none), and change only the copy. {@code cultures} and {@code clock} are the private rig's; its
     * lab time 0 counts as now.
     */
    DosingRehearsal rehearsal(CultureRegistry cultures, LabClock clock);
}
