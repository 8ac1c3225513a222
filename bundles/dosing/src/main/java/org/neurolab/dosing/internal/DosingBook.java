package org.neurolab.dosing.internal;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.EnumMap;
import org.neurolab.api.chemistry.EffectClass;
import org.neurolab.api.control.CommandRefusedException;
import org.neurolab.api.control.Delivery;
import org.neurolab.api.control.Dose;
import org.neurolab.api.control.ExchangeMedium;
import org.neurolab.api.lab.Organoid;
import org.neurolab.dosing.Compound;
import org.neurolab.dosing.DoseOrder;
import org.neurolab.dosing.CompoundForm;
import org.neurolab.dosing.DoseOutcome;
import org.neurolab.dosing.ExchangeOutcome;
import org.neurolab.dosing.Reservoir;
import org.neurolab.dosing.Route;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dosing state of the lab: chemistry per chamber, the 24 h ledger, reservoirs, history and alerts, with
 * the one set of rules that plans a dose, judges it as a guard and books it once carried out. Every method
 * runs under the book's monitor; a dose holds it from planning to booking so two doses cannot both pass a limit
 * only one of them fits under. Times are absolute µs since 1970.
 */
final class DosingBook {
    private static final Logger LOG = LoggerFactory.getLogger(DosingBook.class);
    static final String LIMIT_CONCENTRATION = "dosing.max-concentration v1";
    static final String LIMIT_DAILY = "dosing.daily-amount v1";
    static final String SUPPLY = "dosing.reservoir v1";
    /** a dose that does not match the catalogue, the chamber or the model: refused before any limit is looked at */
    static final String PLAN = "dosing.plan v1";
    private static final int HISTORY_PER_CULTURE = 1_000;
    private static final int ALERTS_KEPT = 100;

    private final Catalogue catalogue;
    private final Map<String, Chamber> chambers = new ConcurrentHashMap<>();
    private final Map<String, ChamberChemistry> chemistry = new HashMap<>();
    private final DoseLedger ledger;
    private final ReservoirBook reservoirs;
    private final Map<String, Deque<DoseOutcome>> history = new HashMap<>();
    private final Map<String, DoseOutcome> outcomes = new HashMap<>();
    private final Map<String, ExchangeOutcome> exchanges = new HashMap<>();
    private final Deque<String> refusals = new ArrayDeque<>();
    private final DosingEventLog log;

    /** A dose worked out from an order: what to tell the device, what it draws, and where the chamber ends up. */
    record Plan(Compound compound, Chamber chamber, double nanomoles, Delivery delivery, String reservoirId, double draw, double before, double after) {
        Route route() {
            return delivery instanceof Delivery.Uncaging ? Route.UNCAGING : Route.INFUSION;
        }
    }

    DosingBook(Catalogue catalogue, DosingEventLog log, List<DosingEvent> past) {
        this.catalogue = catalogue;
        this.log = log;
        this.ledger = new DoseLedger();
        this.reservoirs = new ReservoirBook();
        for (DosingEvent e : past) replay(e);
    }

    private DosingBook(DosingBook original) {
        this.catalogue = original.catalogue;
        this.log = null;
        chambers.putAll(original.chambers);
        original.chemistry.forEach((mea, chem) -> chemistry.put(mea, chem.copy()));
        this.ledger = original.ledger.copy();
        this.reservoirs = original.reservoirs.copy();
        original.history.forEach((o, h) -> history.put(o, new ArrayDeque<>(h)));
    }

    /**
     * A copy of the state as it is now, for a dry run: it shares the catalogue (read-only) and writes no log, so
     * nothing done to it reaches the lab.
     */
    synchronized DosingBook copy() {
        return new DosingBook(this);
    }

    Catalogue catalogue() {
        return catalogue;
    }

    /** The log this book writes to; null for a copy or a test book. */
    DosingEventLog log() {
        return log;
    }

    // ---- chambers ---------------------------------------------------------------------------------------

    synchronized void addChamber(Chamber c) {
        Chamber old = chambers.putIfAbsent(c.meaId(), c);
        if (old != null) {
            LOG.error("Two chamber configurations name MEA {}; keeping the first", c.meaId());
            return;
        }
        ChamberChemistry chem = chemistry.get(c.meaId());
        if (chem == null || chem.volumeMicrolitres() != c.volumeMicrolitres()) {
            ChamberChemistry fresh = new ChamberChemistry(c.volumeMicrolitres());
            if (chem != null) LOG.warn("Chamber {} volume changed to {} µL: its dissolved compounds are assumed washed out", c.meaId(), c.volumeMicrolitres());
            chemistry.put(c.meaId(), fresh);
        }
        reservoirs.ensure(c, catalogue.all());
    }

    synchronized void removeChamber(Chamber c) {
        chambers.remove(c.meaId(), c);
    }

    Optional<Chamber> chamber(String meaId) {
        return Optional.ofNullable(chambers.get(meaId));
    }

    Chamber requireChamber(String meaId) {
        return chamber(meaId).orElseThrow(() -> new IllegalArgumentException("no dosing chamber is configured for MEA " + meaId
                + ": add deploy/org.neurolab.dosing.chamber-<name>.cfg with meaId=" + meaId + " and its pump"));
    }

    // ---- planning and judging ------------------------------------------------------------------------------

    /** Works out a dose; a reason in words when it cannot be delivered at all (no light, caged supply too low, pulse too long). */
    synchronized Plan plan(Compound c, Chamber ch, double nanomoles, long atMicros) throws Undeliverable {
        ChamberChemistry chem = chem(ch);
        double before = chem.micromolar(c.name(), atMicros);
        double after = before + chem.micromolarOf(nanomoles);
        if (c.form() == CompoundForm.FREE) {
            double volume = nanomoles / c.stockMillimolar();
            return new Plan(c, ch, nanomoles, new Delivery.Infusion(ch.pumpDeviceId(), volume, ch.infusionRateMicrolitresPerMinute()),
                    ch.stockReservoirId(c.name()), volume, before, after);
        }
        if (ch.lightDeviceId().isEmpty())
            throw new Undeliverable("chamber " + ch.meaId() + " has no UV light configured, so caged " + c.name() + " cannot be released there");
        reservoirs.ensure(ch, List.of(c));
        String cagedId = ch.cagedReservoirId(c.name());
        double remaining = reservoirs.level(cagedId);
        if (nanomoles >= remaining)
            throw new Undeliverable(alert("only " + fmt(remaining) + " nmol of caged " + c.name() + " is left in chamber " + ch.meaId()
                    + " and the dose needs " + fmt(nanomoles) + " nmol: an operator must reload it (reservoir " + cagedId + ")"));
        double exposure = -c.uncagingExposure() * Math.log(1 - nanomoles / remaining);
        long durationMicros = Math.round(exposure / ch.uncagingIrradiance() * 1e6);
        if (durationMicros < 1)
            throw new IllegalArgumentException("releasing " + nanomoles + " nmol of " + c.name() + " needs a UV pulse shorter than 1 µs, the light's resolution: dose more");
        if (durationMicros > ch.maxUncagingPulseMicros())
            throw new Undeliverable("releasing " + fmt(nanomoles) + " nmol of " + c.name() + " from the " + fmt(remaining) + " nmol left needs "
                    + fmt(exposure) + " mJ/mm², a " + durationMicros / 1000 + " ms pulse, longer than the " + ch.maxUncagingPulseMicros() / 1000
                    + " ms the chamber allows: dose less or reload the caged compound");
        return new Plan(c, ch, nanomoles, new Delivery.Uncaging(ch.lightDeviceId(), ch.uncagingIrradiance(), durationMicros), cagedId, nanomoles,
                before, after);
    }

    /**
     * The command for an order, planned against the chamber now: bad input (unknown compound or unit, a route the
     * compound is not kept for, no chamber) is an IllegalArgumentException; a dose no device could deliver is refused.
     */
    synchronized Dose doseFor(DoseOrder order, Organoid o, long atMicros) throws CommandRefusedException {
        Compound c = catalogue.require(order.compound());
        if (!(order.amount() > 0) || !Double.isFinite(order.amount()))
            throw new IllegalArgumentException("a dose of " + c.name() + " must be a positive amount, was " + order.amount() + " " + order.unit());
        Units.Unit unit = Units.parse(order.unit());
        if (order.route() != null && order.route() != c.defaultRoute())
            throw new IllegalArgumentException(c.name() + " is kept " + c.form().name().toLowerCase(java.util.Locale.ROOT) + " in this lab and is dosed by "
                    + c.defaultRoute() + ", not " + order.route());
        Chamber ch = requireChamber(o.meaId());
        double nanomoles = unit.kind() == Units.Kind.AMOUNT ? order.amount() * unit.factor()
                : new ChamberChemistry(ch.volumeMicrolitres()).nanomolesFor(order.amount() * unit.factor());
        if (nanomoles < Units.MIN_NANOMOLES)
            throw new IllegalArgumentException("a dose of " + order.amount() + " " + unit.symbol() + " " + c.name() + " is " + nanomoles
                    + " nmol, below the smallest amount the lab doses (0.000001 nmol = 1 fmol): no device delivers that little");
        try {
            Plan plan = plan(c, ch, nanomoles, atMicros);
            requireResolvable(plan.delivery());
            return new Dose(o.id(), c.name(), nanomoles, plan.delivery(), plan.after());
        } catch (Undeliverable e) {
            throw new CommandRefusedException("dosing", e.getMessage(), List.of(SUPPLY));
        }
    }

    /** A delivery finer than its device can make would be rounded up by the device: refused instead. */
    private static void requireResolvable(Delivery d) {
        if (d instanceof Delivery.Infusion i && i.volumeMicrolitres() < Units.MIN_PUMP_MICROLITRES)
            throw new IllegalArgumentException("this dose needs " + i.volumeMicrolitres() + " µL of stock, below the pump's resolution of "
                    + Units.MIN_PUMP_MICROLITRES + " µL (1 nL): dose more, or use a more dilute stock");
    }

    /** The command for a medium exchange through the culture's chamber. */
    ExchangeMedium exchangeFor(Organoid o, double volumeMicrolitres) {
        if (!(volumeMicrolitres > 0) || !Double.isFinite(volumeMicrolitres))
            throw new IllegalArgumentException("a medium exchange needs a positive volume in µL, was " + volumeMicrolitres);
        if (volumeMicrolitres < Units.MIN_PUMP_MICROLITRES)
            throw new IllegalArgumentException("a medium exchange of " + volumeMicrolitres + " µL is below the pump's resolution of "
                    + Units.MIN_PUMP_MICROLITRES + " µL (1 nL)");
        Chamber ch = requireChamber(o.meaId());
        return new ExchangeMedium(o.id(), new Delivery.Infusion(ch.pumpDeviceId(), volumeMicrolitres, ch.exchangeRateMicrolitresPerMinute()));
    }

    /** What the chamber holds by effect class (µM × potency), for the simulated cultures. */
    synchronized Map<EffectClass, Double> effectiveMicromolar(String meaId, long atMicros) {
        Map<EffectClass, Double> out = new EnumMap<>(EffectClass.class);
        concentrations(meaId, atMicros).forEach((name, um) -> catalogue.find(name).ifPresent(c -> {
            if (c.effectClass() != EffectClass.NONE) out.merge(c.effectClass(), um * c.potency(), Double::sum);
        }));
        return out;
    }

    /** The guard's judgement of a dose: null to allow, else why not (naming the rule). */
    synchronized String judge(Dose d, String organoidId, String meaId, long atMicros) {
        Optional<Compound> found = catalogue.find(d.compound());
        if (found.isEmpty()) return "compound '" + d.compound() + "' is not in the catalogue";
        Compound c = found.get();
        Optional<Chamber> chamber = chamber(meaId);
        if (chamber.isEmpty()) return "no dosing chamber is configured for MEA " + meaId;
        Plan p;
        try {
            p = plan(c, chamber.get(), d.amountNanomoles(), atMicros);
        } catch (Undeliverable e) {
            return e.getMessage();
        }
        if (!sameDelivery(p.delivery(), d.delivery()))
            return "the delivery " + describe(d.delivery()) + " does not release " + fmt(d.amountNanomoles()) + " nmol of " + c.name()
                    + " in chamber " + meaId + " (the dosing model expects " + describe(p.delivery()) + ")";
        if (Math.abs(p.after() - d.expectedMicromolarAfter()) > 0.01 * p.after() + 1e-6)
            return "the dose expects " + fmt(d.expectedMicromolarAfter()) + " µM of " + c.name() + " afterwards, the dosing model " + fmt(p.after()) + " µM";
        if (p.after() > c.maxConcentrationMicromolar() * (1 + 1e-9))
            return ("the dose of " + fmt(d.amountNanomoles()) + " nmol would take " + c.name() + " in chamber " + meaId + " from "
                    + fmt(p.before()) + " to " + fmt(p.after()) + " µM, above its limit of " + fmt(c.maxConcentrationMicromolar()) + " µM"
                    + mixUpHint(p.after() - p.before(), c.maxConcentrationMicromolar() - p.before()) + " (policy " + LIMIT_CONCENTRATION + ")");
        double day = ledger.last24h(organoidId, c.name(), atMicros);
        if (day + d.amountNanomoles() > c.maxDailyNanomoles() * (1 + 1e-9))
            return ("culture " + organoidId + " has had " + fmt(day) + " nmol of " + c.name() + " in the last 24 h; " + fmt(d.amountNanomoles())
                    + " nmol more would pass its daily limit of " + fmt(c.maxDailyNanomoles()) + " nmol"
                    + mixUpHint(d.amountNanomoles(), c.maxDailyNanomoles() - day) + " (policy " + LIMIT_DAILY + ")");
        double level = reservoirs.level(p.reservoirId());
        if (p.draw() > level + 1e-9)
            return alert("reservoir " + p.reservoirId() + " holds " + fmt(level) + " µL, the dose needs " + fmt(p.draw())
                    + " µL: refill it before dosing (policy " + SUPPLY + ")");
        return null;
    }

    /** The guard's judgement of a medium exchange. */
    synchronized String judge(ExchangeMedium x, String meaId) {
        Optional<Chamber> chamber = chamber(meaId);
        if (chamber.isEmpty()) return "no dosing chamber is configured for MEA " + meaId;
        Chamber ch = chamber.get();
        if (!x.infusion().pumpDeviceId().equals(ch.pumpDeviceId()))
            return "chamber " + meaId + " is fed by " + ch.pumpDeviceId() + ", not " + x.infusion().pumpDeviceId();
        double level = reservoirs.level(ch.mediumReservoirId());
        if (x.infusion().volumeMicrolitres() > level + 1e-9)
            return alert("the fresh medium reservoir " + ch.mediumReservoirId() + " holds " + fmt(level) + " µL, the exchange needs "
                    + fmt(x.infusion().volumeMicrolitres()) + " µL: refill it (policy " + SUPPLY + ")");
        return null;
    }

    // ---- booking what was carried out ----------------------------------------------------------------------

    synchronized DoseOutcome booked(Dose d, String commandId, String organoidId, String meaId, long atMicros, long labTimeMicros, String user) {
        Compound c = catalogue.require(d.compound());
        Chamber ch = requireChamber(meaId);
        String reservoirId = d.delivery() instanceof Delivery.Uncaging ? ch.cagedReservoirId(c.name()) : ch.stockReservoirId(c.name());
        double draw = d.delivery() instanceof Delivery.Infusion i ? i.volumeMicrolitres() : d.amountNanomoles();
        DosingEvent e = new DosingEvent("dose", atMicros, meaId, ch.volumeMicrolitres(), organoidId, c.name(), d.amountNanomoles(),
                c.washoutHalfLifeSeconds(), routeOf(d.delivery()).name(), reservoirId, Math.max(0, reservoirs.level(reservoirId) - draw), 0,
                0, user, commandId, describe(d.delivery()));
        double before = chem(ch).micromolar(c.name(), atMicros);
        double after = apply(e);
        persist(withAfter(e, after));
        DoseOutcome o = new DoseOutcome(commandId, organoidId, c.name(), d.amountNanomoles(), routeOf(d.delivery()), d.delivery(), before, after,
                labTimeMicros, user);
        remember(o);
        return o;
    }

    synchronized ExchangeOutcome bookedExchange(ExchangeMedium x, String commandId, String organoidId, String meaId, long atMicros, long labTimeMicros,
                                                String user) {
        Chamber ch = requireChamber(meaId);
        double volume = x.infusion().volumeMicrolitres();
        DosingEvent e = new DosingEvent("exchange", atMicros, meaId, ch.volumeMicrolitres(), organoidId, "", 0, 0, "", ch.mediumReservoirId(),
                Math.max(0, reservoirs.level(ch.mediumReservoirId()) - volume), volume, 0, user, commandId, describe(x.infusion()));
        apply(e);
        persist(e);
        ExchangeOutcome o = new ExchangeOutcome(commandId, meaId, volume, Math.exp(-volume / ch.volumeMicrolitres()), chem(ch).all(atMicros), labTimeMicros);
        exchanges.put(commandId, o);
        return o;
    }

    synchronized Reservoir refill(String reservoirId, double level, String user, long atMicros) {
        Reservoir r = checkRefill(reservoirId, level);
        DosingEvent e = new DosingEvent("refill", atMicros, r.location(), 0, "", r.compound(), 0, 0, "", reservoirId, level, 0, 0, user, "", "");
        apply(e);
        persist(e);
        return reservoirs.get(reservoirId).orElseThrow();
    }

    /** The reservoir as it is, if a refill to {@code level} is possible; else what is wrong. */
    synchronized Reservoir checkRefill(String reservoirId, double level) {
        reservoirs();
        Reservoir r = reservoirs.get(reservoirId).orElseThrow(() -> new IllegalArgumentException("no reservoir '" + reservoirId + "'; known: "
                + reservoirs.all().stream().map(Reservoir::id).toList()));
        if (!(level >= 0) || !Double.isFinite(level) || level > r.capacity())
            throw new IllegalArgumentException("reservoir " + reservoirId + " holds 0.." + fmt(r.capacity()) + " " + r.unit() + "; " + level + " does not fit");
        return r;
    }

    // ---- reading ----------------------------------------------------------------------------------------

    synchronized Map<String, Double> concentrations(String meaId, long atMicros) {
        ChamberChemistry chem = chemistry.get(meaId);
        return chem == null ? Map.of() : chem.all(atMicros);
    }

    synchronized List<Reservoir> reservoirs() {
        for (Chamber c : chambers.values()) reservoirs.ensure(c, catalogue.all());
        return reservoirs.all();
    }

    synchronized List<DoseOutcome> history(String organoidId) {
        Deque<DoseOutcome> h = history.get(organoidId);
        return h == null ? List.of() : List.copyOf(h);
    }

    synchronized Optional<DoseOutcome> outcome(String commandId) {
        return Optional.ofNullable(outcomes.remove(commandId));
    }

    synchronized Optional<ExchangeOutcome> exchangeOutcome(String commandId) {
        return Optional.ofNullable(exchanges.remove(commandId));
    }

    synchronized List<String> alerts() {
        List<String> out = new ArrayList<>();
        for (Reservoir r : reservoirs()) {
            if (r.level() <= 0) out.add("reservoir " + r.id() + " is empty");
            else if (r.low()) out.add("reservoir " + r.id() + " is low: " + fmt(r.level()) + " of " + fmt(r.capacity()) + " " + r.unit());
        }
        out.addAll(refusals);
        return out;
    }

    // ---- internals --------------------------------------------------------------------------------------

    private double apply(DosingEvent e) {
        ChamberChemistry chem = chemistry.computeIfAbsent(e.meaId(), m -> new ChamberChemistry(e.chamberVolumeMicrolitres() > 0 ? e.chamberVolumeMicrolitres() : 200));
        double after = 0;
        switch (e.type()) {
            case "dose" -> {
                after = chem.dose(e.compound(), e.nanomoles(), e.halfLifeSeconds(), e.atMicros());
                ledger.add(e.organoidId(), e.compound(), e.atMicros(), e.nanomoles());
            }
            case "exchange" -> chem.exchange(e.exchangeVolumeMicrolitres(), e.atMicros());
            case "refill" -> {
            }
            default -> LOG.warn("Dosing log: unknown event type '{}' ignored", e.type());
        }
        reservoirs.setLevel(e.reservoirId(), e.reservoirLevelAfter());
        return after;
    }

    private void replay(DosingEvent e) {
        apply(e);
        if (e.type().equals("dose"))
            remember(new DoseOutcome(e.commandId(), e.organoidId(), e.compound(), e.nanomoles(), Route.valueOf(e.route()), null,
                    Math.max(0, e.concentrationAfterMicromolar() - e.nanomoles() / e.chamberVolumeMicrolitres() * 1e3), e.concentrationAfterMicromolar(),
                    -1, e.user()));
    }

    private void remember(DoseOutcome o) {
        outcomes.put(o.commandId(), o);
        Deque<DoseOutcome> h = history.computeIfAbsent(o.organoidId(), k -> new ArrayDeque<>());
        h.addLast(o);
        while (h.size() > HISTORY_PER_CULTURE) h.removeFirst();
    }

    private void persist(DosingEvent e) {
        if (log == null) return;
        try {
            log.append(e);
        } catch (IOException ex) {
            // the command was carried out: it cannot be undone, but the operator must know the book is behind
            LOG.error("Dosing event {} could not be saved; limits after a restart will not count it", e, ex);
            alert("the dosing log could not save " + e.type() + " " + e.commandId() + " (" + ex.getMessage() + "): check the disk");
        }
    }

    private ChamberChemistry chem(Chamber ch) {
        return chemistry.computeIfAbsent(ch.meaId(), m -> new ChamberChemistry(ch.volumeMicrolitres()));
    }

    /** Keeps supply problems for operators, newest last. */
    private String alert(String why) {
        refusals.addLast(java.time.Instant.now() + " " + why);
        while (refusals.size() > ALERTS_KEPT) refusals.removeFirst();
        return why;
    }

    /** A dose a thousand times what fits is nearly always a unit slip, not an intent. */
    private static String mixUpHint(double asked, double room) {
        if (room > 0 && asked >= 100 * room)
            return "; that is " + Math.round(asked / room) + "× what is allowed: check the unit (nM vs µM, nmol vs µmol)";
        return "";
    }

    private static boolean sameDelivery(Delivery planned, Delivery given) {
        if (!planned.deviceId().equals(given.deviceId())) return false;
        return switch (planned) {
            case Delivery.Infusion p -> given instanceof Delivery.Infusion g && close(p.volumeMicrolitres(), g.volumeMicrolitres());
            case Delivery.Uncaging p -> given instanceof Delivery.Uncaging g
                    && close(p.exposureMillijoulesPerSquareMillimetre(), g.exposureMillijoulesPerSquareMillimetre());
        };
    }

    private static boolean close(double a, double b) {
        return Math.abs(a - b) <= 1e-3 * Math.max(Math.abs(a), Math.abs(b)) + 1e-9;
    }

    private static DosingEvent withAfter(DosingEvent e, double after) {
        return new DosingEvent(e.type(), e.atMicros(), e.meaId(), e.chamberVolumeMicrolitres(), e.organoidId(), e.compound(), e.nanomoles(),
                e.halfLifeSeconds(), e.route(), e.reservoirId(), e.reservoirLevelAfter(), e.exchangeVolumeMicrolitres(), after, e.user(), e.commandId(),
                e.delivery());
    }

    /** The rule a refusal of this book names (each message ends with its policy, or is about the plan itself). */
    static String policyNamedIn(String refusal) {
        for (String p : List.of(LIMIT_CONCENTRATION, LIMIT_DAILY, SUPPLY)) if (refusal.contains("(policy " + p + ")")) return p;
        return PLAN;
    }

    static Route routeOf(Delivery d) {
        return d instanceof Delivery.Uncaging ? Route.UNCAGING : Route.INFUSION;
    }

    static String describe(Delivery d) {
        return switch (d) {
            case Delivery.Uncaging u -> "UV pulse on " + u.lightDeviceId() + " of " + fmt(u.irradianceMilliwattsPerSquareMillimetre()) + " mW/mm² for "
                    + u.durationMicros() + " µs (" + fmt(u.exposureMillijoulesPerSquareMillimetre()) + " mJ/mm²)";
            case Delivery.Infusion i -> fmt(i.volumeMicrolitres()) + " µL through " + i.pumpDeviceId() + " at " + fmt(i.rateMicrolitresPerMinute()) + " µL/min";
        };
    }

    /** Four significant digits, never in exponent form: people read these in refusals. */
    static String fmt(double v) {
        if (!Double.isFinite(v)) return Double.toString(v);
        if (Math.abs(v) < 1e-6) return "0"; // washed out: a femtomole or a picomolar is nothing anyone doses or reads
        if (v == Math.rint(v) && Math.abs(v) < 1e12) return Long.toString((long) v);
        return new java.math.BigDecimal(v).round(new java.math.MathContext(4)).stripTrailingZeros().toPlainString();
    }

    /** A dose that no device could deliver as asked. */
    static final class Undeliverable extends Exception {
        Undeliverable(String message) {
            super(message);
        }
    }
}
