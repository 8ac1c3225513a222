package org.neurolab.dosing.internal;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import org.neurolab.api.control.Caller;
import org.neurolab.api.control.CommandRefusedException;
import org.neurolab.api.control.LabControl;
import org.neurolab.api.lab.CultureRegistry;
import org.neurolab.api.lab.Organoid;
import org.neurolab.api.management.CommandLine;
import org.neurolab.dosing.Compound;
import org.neurolab.dosing.DoseOrder;
import org.neurolab.dosing.DoseOutcome;
import org.neurolab.dosing.Dosing;
import org.neurolab.dosing.ExchangeOutcome;
import org.neurolab.dosing.Reservoir;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code neurolab dosing ...} for operators at the lab's machine (the management channel only the lab's OS user
 * reaches, so the caller is an operator): the catalogue, reservoirs and alerts, concentrations, a dose, a medium
 * exchange, a refill. Doses and exchanges go through the command path like any other.
 */
@Component(service = BiFunction.class, property = "neurolab.management.command=dosing")
public class DosingCommand implements BiFunction<String, Consumer<String>, Integer> {
    static final String USAGE = """
            usage: neurolab dosing status                         reservoirs, alerts and each culture's concentrations
                   neurolab dosing compounds                      the catalogue with its limits
                   neurolab dosing dose <organoid> <compound> <amount> <unit>   e.g. dose sim-mea0-o1 gaba 5 µM
                   neurolab dosing exchange <organoid> <µL>       push fresh medium through the culture's chamber
                   neurolab dosing refill <reservoir> <level>     after refilling it by hand (µL, or nmol for caged)""";

    private final Dosing dosing;
    private final LabControl control;
    private final CultureRegistry cultures;

    @Activate
    public DosingCommand(@Reference Dosing dosing, @Reference LabControl control, @Reference CultureRegistry cultures) {
        this.dosing = dosing;
        this.control = control;
        this.cultures = cultures;
    }

    @Override
    public Integer apply(String args, Consumer<String> out) {
        List<String> w;
        try {
            w = CommandLine.parse(args, Set.of(), Set.of()).words();
        } catch (IllegalArgumentException e) {
            out.accept("ERROR " + e.getMessage());
            return 2;
        }
        if (w.isEmpty()) w = List.of("");
        try {
            switch (w.get(0)) {
                case "status" -> status(out);
                case "compounds" -> {
                    for (Compound c : dosing.catalogue())
                        out.accept(String.format(Locale.ROOT, "%-10s %-6s %-13s max %6.1f µM, %6.1f nmol/24 h, half-life %5.0f s  %s", c.name(), c.form(),
                                c.effectClass(), c.maxConcentrationMicromolar(), c.maxDailyNanomoles(), c.washoutHalfLifeSeconds(), c.description()));
                }
                case "dose" -> {
                    need(w, 5);
                    try (var s = control.openSession(operator())) {
                        DoseOutcome o = dosing.dose(s, new DoseOrder(w.get(1), w.get(2), number(w.get(3)), w.get(4), null));
                        out.accept("dosed " + DosingBook.fmt(o.amountNanomoles()) + " nmol " + o.compound() + " by " + o.route() + ": "
                                + DosingBook.fmt(o.concentrationBeforeMicromolar()) + " → " + DosingBook.fmt(o.concentrationAfterMicromolar()) + " µM (command "
                                + o.commandId() + ")");
                    }
                }
                case "exchange" -> {
                    need(w, 3);
                    try (var s = control.openSession(operator())) {
                        ExchangeOutcome x = dosing.exchangeMedium(s, w.get(1), number(w.get(2)));
                        out.accept("exchanged " + DosingBook.fmt(x.volumeMicrolitres()) + " µL in " + x.meaId() + ": "
                                + DosingBook.fmt(x.remainingFraction() * 100) + " % of each compound left " + x.concentrationsAfterMicromolar());
                    }
                }
                case "refill" -> {
                    need(w, 3);
                    Reservoir r = dosing.refill(operator(), w.get(1), number(w.get(2)));
                    out.accept("reservoir " + r.id() + " now holds " + DosingBook.fmt(r.level()) + " of " + DosingBook.fmt(r.capacity()) + " " + r.unit());
                }
                default -> {
                    out.accept(USAGE);
                    return 2;
                }
            }
            return 0;
        } catch (CommandRefusedException e) {
            out.accept("REFUSED " + e.getMessage());
            return 1;
        } catch (IllegalArgumentException | SecurityException | IllegalStateException e) {
            out.accept("ERROR " + e.getMessage());
            return 2;
        }
    }

    private void status(Consumer<String> out) {
        out.accept("reservoirs:");
        for (Reservoir r : dosing.reservoirs())
            out.accept(String.format(Locale.ROOT, "  %-28s %-6s %10s / %-10s %s%s", r.id(), r.kind(), DosingBook.fmt(r.level()), DosingBook.fmt(r.capacity()),
                    r.unit(), r.low() ? "  LOW" : ""));
        List<String> alerts = dosing.alerts();
        out.accept("alerts: " + (alerts.isEmpty() ? "none" : ""));
        alerts.forEach(a -> out.accept("  " + a));
        out.accept("concentrations (µM):");
        for (Organoid o : cultures.cultures()) {
            try {
                var c = dosing.concentrations(o.id());
                if (!c.isEmpty()) out.accept("  " + o.id() + " " + c);
            } catch (IllegalArgumentException noChamber) {
                out.accept("  " + o.id() + ": " + noChamber.getMessage());
            }
        }
    }

    private static Caller operator() {
        return new Caller("cli:" + System.getProperty("user.name", "operator"), Set.of("operator"), "maintenance");
    }

    private static void need(List<String> w, int n) {
        if (w.size() < n) throw new IllegalArgumentException("missing arguments\n" + USAGE);
    }

    private static double number(String s) {
        try {
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + s + "' is not a number");
        }
    }
}
