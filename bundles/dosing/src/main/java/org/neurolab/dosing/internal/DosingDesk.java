package org.neurolab.dosing.internal;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.neurolab.api.chemistry.EffectClass;
import org.neurolab.api.chemistry.MediumChemistry;
import org.neurolab.api.clock.LabClock;
import org.neurolab.api.control.Caller;
import org.neurolab.api.control.CommandGuard;
import org.neurolab.api.control.CommandJournal;
import org.neurolab.api.control.CommandReceipt;
import org.neurolab.api.control.CommandRecord;
import org.neurolab.api.control.CommandRefusedException;
import org.neurolab.api.control.CommandRequest;
import org.neurolab.api.control.Dose;
import org.neurolab.api.control.ExchangeMedium;
import org.neurolab.api.control.GuardDecision;
import org.neurolab.api.control.LabSession;
import org.neurolab.api.lab.CultureRegistry;
import org.neurolab.api.lab.Organoid;
import org.neurolab.dosing.Compound;
import org.neurolab.dosing.DoseOutcome;
import org.neurolab.dosing.DoseOrder;
import org.neurolab.dosing.Dosing;
import org.neurolab.dosing.ExchangeOutcome;
import org.neurolab.dosing.DosingRehearsal;
import org.neurolab.dosing.Reservoir;

/**
 * Dosing on one book (catalogue, chambers, concentrations, reservoirs, history, alerts, refills) and one clock: it plans
 * doses and exchanges and sends them through the caller's session; as the "dosing" guard of that session's command path
 * it refuses what would cross a limit or empty a reservoir, whoever sends it; as its "dosing" journal it books what the
 * devices carried out. The lab's service and a dry run's rehearsal are this same code on the lab's book and on a copy,
 * given to the lab's command path and to the dry run's private one.
 */
abstract class DosingDesk implements Dosing, MediumChemistry, CommandGuard, CommandJournal {
    private static final GuardDecision ALLOWED = GuardDecision.allow(List.of(DosingBook.LIMIT_CONCENTRATION, DosingBook.LIMIT_DAILY, DosingBook.SUPPLY));

    final DosingBook book;

    DosingDesk(DosingBook book) {
        this.book = book;
    }

    /** The clock doses are timed by; null while the lab has none (then wall time). */
    abstract LabClock clock();

    abstract CultureRegistry cultures();

    @Override
    public List<Compound> catalogue() {
        return book.catalogue().all();
    }

    @Override
    public Optional<Compound> compound(String name) {
        return book.catalogue().find(name);
    }

    @Override
    public Map<String, Double> concentrations(String organoidId) {
        return book.concentrations(culture(organoidId).meaId(), nowMicros());
    }

    @Override
    public List<Reservoir> reservoirs() {
        return book.reservoirs();
    }

    @Override
    public Reservoir refill(Caller operator, String reservoirId, double level) {
        mayRefill(operator);
        return book.refill(reservoirId, level, operator.user(), nowMicros());
    }

    static void mayRefill(Caller operator) {
        if (!operator.hasRole("operator") && !operator.hasRole("admin"))
            throw new SecurityException(operator.user() + " may not refill reservoirs: that needs the operator or admin role");
    }

    @Override
    public List<DoseOutcome> history(String organoidId) {
        return book.history(organoidId);
    }

    @Override
    public List<String> alerts() {
        return book.alerts();
    }

    /** A dose the devices carried out, booked: the lab logs and stores it. */
    void booked(DoseOutcome outcome) {
    }

    @Override
    public DoseOutcome dose(LabSession session, DoseOrder order) throws CommandRefusedException {
        Organoid o = culture(order.organoidId());
        synchronized (book) { // plan and dose as one step: no other dose may slip in between
            Dose dose = book.doseFor(order, o, nowMicros());
            CommandReceipt receipt = session.dose(dose); // the dosing guard judges it, the dosing journal books it
            return book.outcome(receipt.commandId()).orElseThrow(() -> new IllegalStateException(
                    "dose " + receipt.commandId() + " was carried out but not booked: is the dosing journal running?"));
        }
    }

    @Override
    public ExchangeOutcome exchangeMedium(LabSession session, String organoidId, double volumeMicrolitres) throws CommandRefusedException {
        Organoid o = culture(organoidId);
        synchronized (book) {
            CommandReceipt receipt = session.exchangeMedium(book.exchangeFor(o, volumeMicrolitres));
            return book.exchangeOutcome(receipt.commandId()).orElseThrow(() -> new IllegalStateException(
                    "medium exchange " + receipt.commandId() + " was carried out but not booked: is the dosing journal running?"));
        }
    }

    // ---- guard: decides from memory, in microseconds -----------------------------------------------------------

    @Override
    public GuardDecision check(CommandRequest request) {
        String why = switch (request.command()) {
            case Dose d -> book.judge(d, request.organoid().id(), request.organoid().meaId(), toWallMicros(request.labTimeMicros()));
            case ExchangeMedium x -> book.judge(x, request.organoid().meaId());
            default -> null; // stimulation in closed loops passes here: no lock, no allocation
        };
        if (why == null) return ALLOWED;
        return GuardDecision.deny(why, DosingBook.policyNamedIn(why));
    }

    // ---- journal: books what was carried out ----------------------------------------------------------------

    @Override
    public void append(CommandRecord record) {
        // the audit journal keeps the decision; this one only books what devices really did (carriedOut)
    }

    @Override
    public void carriedOut(CommandRecord record, CommandReceipt receipt) {
        CommandRequest r = record.request();
        long applied = receipt.appliedMicros(); // when the device delivered it: the dose's time in the book and the store
        long at = toWallMicros(applied);
        switch (r.command()) {
            case Dose d -> booked(book.booked(d, receipt.commandId(), r.organoid().id(), r.organoid().meaId(), at, applied, r.caller().user()));
            case ExchangeMedium x -> book.bookedExchange(x, receipt.commandId(), r.organoid().id(), r.organoid().meaId(), at, applied,
                    r.caller().user());
            default -> {
            }
        }
    }

    @Override
    public DosingRehearsal rehearsal(CultureRegistry privateCultures, LabClock privateClock) {
        return new Rehearsal(book.copy(), privateCultures, privateClock);
    }

    // ---- chemistry for the simulated cultures --------------------------------------------------------------------

    @Override
    public Map<String, Double> concentrationsMicromolar(String meaId, long labTimeMicros) {
        return book.concentrations(meaId, toWallMicros(labTimeMicros));
    }

    @Override
    public Map<EffectClass, Double> effectiveMicromolar(String meaId, long labTimeMicros) {
        return book.effectiveMicromolar(meaId, toWallMicros(labTimeMicros));
    }

    // ---- helpers ------------------------------------------------------------------------------------------------

    Organoid culture(String id) {
        return cultures().culture(id).orElseThrow(() -> new IllegalArgumentException("unknown organoid '" + id + "'"));
    }

    long nowMicros() {
        LabClock c = clock();
        return c == null ? System.currentTimeMillis() * 1000 : toWallMicros(c.nowMicros());
    }

    /** Lab time as absolute µs, so the book's times survive a restart of the lab clock (and a dry run's 0 is its start). */
    long toWallMicros(long labTimeMicros) {
        LabClock c = clock();
        return c == null ? System.currentTimeMillis() * 1000 : c.epochMillis() * 1000 + labTimeMicros;
    }
}
