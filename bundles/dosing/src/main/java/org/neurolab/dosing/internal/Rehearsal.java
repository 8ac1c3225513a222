package org.neurolab.dosing.internal;

import java.util.List;
import org.neurolab.api.clock.LabClock;
import org.neurolab.api.control.CommandReceipt;
import org.neurolab.api.control.CommandRefusedException;
import org.neurolab.api.control.Dose;
import org.neurolab.api.control.ExchangeMedium;
import org.neurolab.api.control.LabSession;
import org.neurolab.api.lab.CultureRegistry;
import org.neurolab.api.lab.Organoid;
import org.neurolab.dosing.DoseOrder;
import org.neurolab.dosing.DoseOutcome;
import org.neurolab.dosing.DosingRehearsal;
import org.neurolab.dosing.ExchangeOutcome;

/**
 * Dosing for a dry run, on a copy of the lab's book. A private rig has no guards and no journals, so this judges each
 * dose by the book's rules before sending it and books it once the private session has taken it: the same refusals a
 * real run would meet (limits, the last 24 h, reservoir levels), and concentrations the dry run's cultures feel.
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
    public DoseOutcome dose(LabSession session, DoseOrder order) throws CommandRefusedException {
        Organoid o = culture(order.organoidId());
        synchronized (book) {
            long at = nowMicros();
            Dose dose = book.doseFor(order, o, at);
            String why = book.judge(dose, o.id(), o.meaId(), at);
            if (why != null) throw new CommandRefusedException("dosing", why, List.of(DosingBook.policyNamedIn(why)));
            CommandReceipt r = session.dose(dose);
            book.booked(dose, r.commandId(), o.id(), o.meaId(), toWallMicros(r.labTimeMicros()), r.labTimeMicros(), session.caller().user());
            return book.outcome(r.commandId()).orElseThrow();
        }
    }

    @Override
    public ExchangeOutcome exchangeMedium(LabSession session, String organoidId, double volumeMicrolitres) throws CommandRefusedException {
        Organoid o = culture(organoidId);
        synchronized (book) {
            ExchangeMedium x = book.exchangeFor(o, volumeMicrolitres);
            String why = book.judge(x, o.meaId());
            if (why != null) throw new CommandRefusedException("dosing", why, List.of(DosingBook.policyNamedIn(why)));
            CommandReceipt r = session.exchangeMedium(x);
            book.bookedExchange(x, r.commandId(), o.id(), o.meaId(), toWallMicros(r.labTimeMicros()), r.labTimeMicros(), session.caller().user());
            return book.exchangeOutcome(r.commandId()).orElseThrow();
        }
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
