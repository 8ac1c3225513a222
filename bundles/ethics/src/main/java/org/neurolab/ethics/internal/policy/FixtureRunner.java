package org.neurolab.ethics.internal.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.neurolab.api.control.Caller;
import org.neurolab.api.control.CommandRequest;
import org.neurolab.api.control.GuardDecision;
import org.neurolab.api.control.Stimulate;
import org.neurolab.api.lab.CultureState;
import org.neurolab.api.lab.Organoid;
import org.neurolab.api.lab.Provenance;
import org.neurolab.api.stimulation.Phase;
import org.neurolab.api.stimulation.Polarity;
import org.neurolab.api.stimulation.Pulse;
import org.neurolab.api.stimulation.PulseShape;
import org.neurolab.api.stimulation.PulseTrain;
import org.neurolab.ethics.internal.consent.Consent;
import org.neurolab.ethics.internal.consent.ConsentBook;

/**
 * Runs a policy's fixtures (request → expected decision) through the same {@link Rules} the guard uses. A fixture
 * file names its cases; each request states only what differs from a plain, allowed one (a 10 µA x 200 µs balanced
 * pulse on one electrode of a 100-day-old culture, purpose research, consent covering every scope).
 */
public final class FixtureRunner {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    static final LocalDate TODAY = LocalDate.of(2026, 6, 1);

    /** One case's outcome: {@code failure} is null when the decision was the expected one. */
    public record Result(String name, GuardDecision decision, String failure) {
    }

    private FixtureRunner() {
    }

    public static List<Result> run(Path fixtures, PolicySet policies) throws IOException {
        JsonNode doc = YAML.readTree(fixtures.toFile());
        List<Result> out = new ArrayList<>();
        for (JsonNode c : doc.path("cases")) out.add(runCase(c, policies));
        if (out.isEmpty()) throw new IOException(fixtures + " has no cases");
        return out;
    }

    static Result runCase(JsonNode c, PolicySet policies) {
        String name = c.path("name").asText("(unnamed)");
        JsonNode r = c.path("request");
        GuardDecision d;
        try {
            d = decide(r, policies);
        } catch (RuntimeException e) {
            return new Result(name, null, "the request could not be built: " + e.getMessage());
        }
        String expect = c.path("expect").asText();
        String policy = c.path("policy").asText(""), message = c.path("message").asText("");
        List<String> wrong = new ArrayList<>();
        if (!expect.equals("allow") && !expect.equals("deny")) wrong.add("expect must be allow or deny, was '" + expect + "'");
        if (expect.equals("allow") != d.allowed()) wrong.add("expected " + expect + ", got " + (d.allowed() ? "allow" : "deny: " + d.reason()));
        if (!policy.isEmpty() && d.policyIds().stream().noneMatch(p -> p.equals(policy) || p.startsWith(policy + " ")))
            wrong.add("expected policy " + policy + ", decided by " + d.policyIds());
        if (!message.isEmpty() && !d.reason().contains(message)) wrong.add("expected the reason to contain '" + message + "', was '" + d.reason() + "'");
        return new Result(name, d, wrong.isEmpty() ? null : String.join("; ", wrong));
    }

    static GuardDecision decide(JsonNode r, PolicySet policies) {
        PolicySet p = policies;
        if (r.has("electrodeDiameterMicrons")) {
            StimulationPolicy s = p.stimulation();
            p = new PolicySet(p.hash(), new StimulationPolicy(s.id(), s.version(), r.get("electrodeDiameterMicrons").asDouble(), s.limits()),
                    p.consent(), p.documents());
        }
        String line = r.path("cellLine").asText("FIX-LINE");
        Set<String> scopes = new HashSet<>(p.consent().scopes());
        if (r.has("consentScopes")) {
            scopes.clear();
            r.get("consentScopes").forEach(n -> scopes.add(n.asText()));
        }
        Consent consent = new Consent("fixture-consent", "D-0001", scopes, Consent.WithdrawalTerms.DISPOSE,
                r.path("consentWithdrawn").asBoolean(false) ? Consent.State.WITHDRAWN : Consent.State.ACTIVE, null);
        ConsentBook book = ConsentBook.empty().with(consent);
        if (r.path("lineRegistered").asBoolean(true)) book = book.withLine(line, r.path("lineConsent").asText("fixture-consent"));
        String consentRef = r.path("donorConsentRef").asText("fixture-consent");

        double amp = r.path("amplitudeMicroamps").asDouble(10), second = r.path("secondAmplitudeMicroamps").asDouble(amp);
        long phase = r.path("phaseMicros").asLong(200), secondPhase = r.path("secondPhaseMicros").asLong(phase);
        Pulse pulse = r.path("monophasic").asBoolean(false) ? Pulse.monophasic(Polarity.CATHODIC_FIRST, amp, phase)
                : new Pulse(PulseShape.BIPHASIC, Polarity.CATHODIC_FIRST, new Phase(amp, phase), new Phase(second, secondPhase), 0);
        int count = r.path("count").asInt(1);
        PulseTrain train = new PulseTrain(pulse, count, r.path("periodMicros").asLong(count > 1 ? 10_000 : 0));
        int electrodes = r.path("electrodes").asInt(1);
        List<Integer> idx = new ArrayList<>();
        for (int i = 0; i < electrodes; i++) idx.add(i);

        Organoid o = new Organoid("fixture-o1", "fixture/mea0", idx, new Provenance(line, "B1", consentRef,
                TODAY.minusDays(r.path("cultureAgeDays").asLong(100))), CultureState.ACTIVE);
        long now = 1_000_000_000L;
        ChargeLedger ledger = new ChargeLedger();
        if (r.has("priorChargeNanocoulombs")) ledger.record(o.id(), now - (long) (r.path("priorSecondsAgo").asDouble(1) * 1e6), r.get("priorChargeNanocoulombs").asDouble());
        if (r.has("restingForSeconds")) ledger.restUntil(o.id(), now + (long) (r.get("restingForSeconds").asDouble() * 1e6));
        Map<String, String> holds = r.path("onHold").asBoolean(false) ? Map.of(o.id(), "tripwire: loss of activity") : Map.of();
        Caller caller = new Caller("fixture-user", Set.of("researcher"), r.path("purpose").asText("research"));
        CommandRequest req = new CommandRequest("fixture-c1", "fixture-s1", caller, new Stimulate(o.id(), idx, train), o, now);
        return Rules.decide(req, p, book, holds, ledger, TODAY);
    }
}
