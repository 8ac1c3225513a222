package org.neurolab.ethics.internal.policy;

import java.math.BigDecimal;
import java.math.MathContext;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.neurolab.api.control.CommandRequest;
import org.neurolab.api.control.ExchangeMedium;
import org.neurolab.api.control.GuardDecision;
import org.neurolab.api.control.Stimulate;
import org.neurolab.api.lab.Organoid;
import org.neurolab.api.stimulation.Pulse;
import org.neurolab.api.stimulation.PulseTrain;
import org.neurolab.ethics.internal.consent.Consent;
import org.neurolab.ethics.internal.consent.ConsentBook;

/**
 * The ethics decision, from memory: hold → consent (known, matching the cell line, not withdrawn, covering the
 * purpose) → each stimulation limit in the document's order → the charge budget. The first refusal names its policy.
 */
public final class Rules {
    static final double EPS = 1e-9;
    public static final String HOLD = "ethics.hold v1";
    /** Feeding is care, not use: a culture on hold, or whose consent is in question, is still fed. */
    public static final String CARE = "ethics.culture-care v1";

    private Rules() {
    }

    public static GuardDecision decide(CommandRequest request, PolicySet policies, ConsentBook consents, Map<String, String> holds,
                                       ChargeLedger ledger, LocalDate today) {
        Organoid o = request.organoid();
        if (request.command() instanceof ExchangeMedium) return GuardDecision.allow(List.of(CARE));
        String hold = holds.get(o.id());
        if (hold != null) return GuardDecision.deny("culture " + o.id() + " is on hold for human review: " + hold + " (policy " + HOLD + ")", HOLD);

        String refusal = consent(request, policies.consent(), consents);
        if (refusal != null) return GuardDecision.deny(refusal + " (policy " + policies.consent().ref() + ")", policies.consent().ref());

        if (request.command() instanceof Stimulate s) {
            Limit budget = null;
            for (Limit l : policies.stimulation().limits()) {
                if (l.kind().equals("charge-budget")) {
                    budget = l;
                    continue;
                }
                String why = check(l, s.train(), o, policies.stimulation(), today);
                if (why != null) return GuardDecision.deny(why + " (policy " + l.ref() + ")", l.ref());
            }
            if (budget != null) {
                double charge = s.train().totalChargeNanocoulombs() * s.electrodes().size();
                String why = ledger.admit(o.id(), request.labTimeMicros(), charge, budget);
                if (why != null) return GuardDecision.deny(why, budget.ref());
            }
        }
        return GuardDecision.allow(policies.policyRefs());
    }

    private static String consent(CommandRequest request, ConsentPolicy policy, ConsentBook book) {
        Organoid o = request.organoid();
        String ref = o.provenance().donorConsentRef(), line = o.provenance().cellLine();
        Optional<Consent> found = book.consent(ref);
        if (found.isEmpty()) return "culture " + o.id() + ": its donor consent '" + ref + "' is not in the consent registry";
        Optional<String> linked = book.consentOfLine(line);
        if (linked.isEmpty()) return "culture " + o.id() + ": cell line " + line + " is not linked to any consent in the registry";
        if (!linked.get().equals(ref))
            return "culture " + o.id() + ": cell line " + line + " is registered under consent " + linked.get() + ", not " + ref;
        Consent c = found.get();
        if (!c.active()) return "culture " + o.id() + ": consent " + c.id() + " was withdrawn" + (c.withdrawnAt() == null ? "" : " at " + c.withdrawnAt());
        for (String s : policy.requiredForEveryAction())
            if (!c.scopes().contains(s)) return "culture " + o.id() + ": consent " + c.id() + " does not cover " + s;
        String purpose = request.caller().purpose();
        Optional<String> scope = policy.scopeOf(purpose);
        if (scope.isEmpty())
            return "purpose '" + purpose + "' maps to no consent scope; known purposes: " + new java.util.TreeSet<>(policy.purposes().keySet());
        if (!c.scopes().contains(scope.get()))
            return "consent " + c.id() + " behind culture " + o.id() + " does not cover " + scope.get() + " (purpose '" + purpose + "')";
        return null;
    }

    private static String check(Limit l, PulseTrain train, Organoid o, StimulationPolicy p, LocalDate today) {
        Pulse pulse = train.pulse();
        return switch (l.kind()) {
            case "charge-balance" -> over(Math.abs(pulse.netChargeNanocoulombs()), l.max()) ? "net charge "
                    + fmt(Math.abs(pulse.netChargeNanocoulombs())) + " nC per pulse exceeds the balance tolerance of " + fmt(l.max()) + " nC" : null;
            case "charge-per-phase" -> over(pulse.maxChargePerPhaseNanocoulombs(), l.max())
                    ? "charge per phase " + fmt(pulse.maxChargePerPhaseNanocoulombs()) + " nC exceeds " + fmt(l.max()) + " nC" : null;
            case "charge-density" -> {
                double d = density(pulse, p);
                yield over(d, l.max()) ? "charge density " + fmt(d) + " µC/cm² per phase on a " + fmt(p.electrodeDiameterMicrons())
                        + " µm electrode exceeds " + fmt(l.max()) + " µC/cm²" : null;
            }
            case "shannon-k" -> {
                double k = shannonK(pulse, p);
                yield over(k, l.max()) ? "Shannon k " + fmt(k) + " (log D + log Q) exceeds " + fmt(l.max()) : null;
            }
            case "pulse-rate" -> over(train.rateHz(), l.max()) ? "pulse rate " + fmt(train.rateHz()) + " Hz per electrode exceeds " + fmt(l.max()) + " Hz" : null;
            case "culture-age" -> {
                long days = ChronoUnit.DAYS.between(o.provenance().seedingDate(), today);
                yield days > l.max() ? "culture " + o.id() + " is " + days + " days old, past the maximum age of " + fmt(l.max()) + " days" : null;
            }
            default -> "limit kind " + l.kind() + " is not enforced by this engine";
        };
    }

    /** Charge density per phase in µC/cm²: the larger phase's charge over the electrode's geometric area. */
    public static double density(Pulse pulse, StimulationPolicy p) {
        return pulse.maxChargePerPhaseNanocoulombs() * 1e-3 / p.electrodeAreaSquareCentimetres();
    }

    /** Shannon (1992): log D = k − log Q, with D in µC/cm² per phase and Q in µC per phase, so k = log D + log Q. */
    public static double shannonK(Pulse pulse, StimulationPolicy p) {
        double q = pulse.maxChargePerPhaseNanocoulombs() * 1e-3;
        return q <= 0 ? Double.NEGATIVE_INFINITY : Math.log10(density(pulse, p)) + Math.log10(q);
    }

    private static boolean over(double value, double max) {
        return value > max + Math.abs(max) * EPS + 1e-12;
    }

    /** Four significant digits, no exponent, trailing zeros kept to one decimal: 4.0, 4.02, 565.9. */
    public static String fmt(double v) {
        if (!Double.isFinite(v)) return Double.toString(v);
        String s = new BigDecimal(v).round(new MathContext(4)).stripTrailingZeros().toPlainString();
        return s.contains(".") ? s : s + ".0";
    }

    /** All the policies' refs, for the audit record of an allowed command. */
    public static List<String> refs(PolicySet p) {
        return p.policyRefs();
    }
}
