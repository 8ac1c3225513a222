package org.neurolab.dosing.internal;

import org.neurolab.api.clock.LabClock;
import org.neurolab.api.lab.CultureRegistry;
import org.neurolab.dosing.DosingRehearsal;

/**
 * Dosing for a dry run: the {@link DosingDesk} on a copy of the lab's book and the dry run's clock and cultures. The dry
 * run gives it to its private command path as the "dosing" guard and journal, so a dose meets the same refusals a real
 * run would (limits, the last 24 h, reservoir levels) by the same code, and the dry run's cultures feel what it books.
 */
final class Rehearsal extends DosingDesk implements DosingRehearsal {
    private final CultureRegistry cultures;
    private final LabClock clock;

    Rehearsal(DosingBook copy, CultureRegistry cultures, LabClock clock) {
        super(copy);
        this.cultures = cultures;
        this.clock = clock;
    }

    @Override
    LabClock clock() {
        return clock;
    }

    @Override
    CultureRegistry cultures() {
        return cultures;
    }
}
