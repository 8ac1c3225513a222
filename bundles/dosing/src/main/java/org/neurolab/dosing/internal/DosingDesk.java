package org.neurolab.dosing.internal;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.neurolab.api.chemistry.EffectClass;
import org.neurolab.api.chemistry.MediumChemistry;
import org.neurolab.api.clock.LabClock;
import org.neurolab.api.control.Caller;
import org.neurolab.api.lab.CultureRegistry;
import org.neurolab.api.lab.Organoid;
import org.neurolab.dosing.Compound;
import org.neurolab.dosing.DoseOutcome;
import org.neurolab.dosing.Dosing;
import org.neurolab.dosing.DosingRehearsal;
import org.neurolab.dosing.Reservoir;

/**
 * What the lab's dosing service and a dry run's rehearsal share: reading one book (catalogue, concentrations,
 * reservoirs, history, alerts, refills) on one clock. They differ in how a dose reaches the culture: through the lab's
 * guards and journals, or judged and booked here for a private rig.
 */
abstract class DosingDesk implements Dosing, MediumChemistry {
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
