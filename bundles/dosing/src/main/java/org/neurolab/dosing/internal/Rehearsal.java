package org.neurolab.dosing.internal;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.neurolab.api.chemistry.EffectClass;
import org.neurolab.api.clock.LabClock;
import org.neurolab.api.control.Caller;
import org.neurolab.api.control.CommandReceipt;
import org.neurolab.api.control.CommandRefusedException;
import org.neurolab.api.control.Dose;
import org.neurolab.api.control.ExchangeMedium;
import org.neurolab.api.control.LabSession;
import org.neurolab.api.lab.CultureRegistry;
import org.neurolab.api.lab.Organoid;
import org.neurolab.dosing.Compound;
import org.neurolab.dosing.DoseOrder;
import org.neurolab.dosing.DoseOutcome;
import org.neurolab.dosing.DosingRehearsal;
import org.neurolab.dosing.ExchangeOutcome;
import org.neurolab.dosing.Reservoir;

/**
 * Dosing for a dry run, on a copy of the lab's book. A private rig has no guards and no journals, so this judges each
 * dose by the book's rules before sending it and books it once the private session has taken it: the same refusals a
 * real run would meet (limits, the last 24 h, reservoir levels), and concentrations the dry run's cultures feel.
 */
final class Rehearsal implements DosingRehearsal {
    private final DosingBook book;
    private final CultureRegistry cultures;
    private final LabClock clock;

    Rehearsal(DosingBook copy, CultureRegistry cultures, LabClock clock) {
        this.book = copy;
        this.cultures = cultures;
        this.clock = clock;
    }

    @Override
    public DoseOutcome dose(LabSession session, DoseOrder order) throws CommandRefusedException {
        Organoid o = culture(order.organoidId());
        synchronized (book) {
            long at = wall(clock.nowMicros());
            Dose dose = book.doseFor(order, o, at);
            String why = book.judge(dose, o.id(), o.meaId(), at);
            if (why != null) throw new CommandRefusedException("dosing", why, List.of(DosingBook.policyNamedIn(why)));
            CommandReceipt r = session.dose(dose);
            book.booked(dose, r.commandId(), o.id(), o.meaId(), wall(r.labTimeMicros()), r.labTimeMicros(), session.caller().user());
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
            book.bookedExchange(x, r.commandId(), o.id(), o.meaId(), wall(r.labTimeMicros()), r.labTimeMicros(), session.caller().user());
            return book.exchangeOutcome(r.commandId()).orElseThrow();
        }
    }

    @Override
    public Map<String, Double> concentrations(String organoidId) {
        return book.concentrations(culture(organoidId).meaId(), wall(clock.nowMicros()));
    }

    @Override
    public Map<String, Double> concentrationsMicromolar(String meaId, long labTimeMicros) {
        return book.concentrations(meaId, wall(labTimeMicros));
    }

    @Override
    public Map<EffectClass, Double> effectiveMicromolar(String meaId, long labTimeMicros) {
        return book.effectiveMicromolar(meaId, wall(labTimeMicros));
    }

    @Override
    public List<Compound> catalogue() {
        return book.catalogue().all();
    }

    @Override
    public Optional<Compound> compound(String name) {
        return book.catalogue().find(name);
    }

    @Override
    public List<Reservoir> reservoirs() {
        return book.reservoirs();
    }

    /** Refills the copy only: a dry run may plan a refill, the lab's reservoirs stay as they are. */
    @Override
    public Reservoir refill(Caller operator, String reservoirId, double level) {
        if (!operator.hasRole("operator") && !operator.hasRole("admin"))
            throw new SecurityException(operator.user() + " may not refill reservoirs: that needs the operator or admin role");
        return book.refill(reservoirId, level, operator.user(), wall(clock.nowMicros()));
    }

    @Override
    public List<DoseOutcome> history(String organoidId) {
        return book.history(organoidId);
    }

    @Override
    public List<String> alerts() {
        return book.alerts();
    }

    @Override
    public DosingRehearsal rehearsal(CultureRegistry privateCultures, LabClock privateClock) {
        return new Rehearsal(book.copy(), privateCultures, privateClock);
    }

    private Organoid culture(String id) {
        return cultures.culture(id).orElseThrow(() -> new IllegalArgumentException("unknown organoid '" + id + "'"));
    }

    /** The private clock's lab time as absolute µs: its time 0 is when the dry run began. */
    private long wall(long labTimeMicros) {
        return clock.epochMillis() * 1000 + labTimeMicros;
    }
}
