package org.neurolab.console.internal.rest;

import static org.neurolab.console.internal.rest.Schema.anyObject;
import static org.neurolab.console.internal.rest.Schema.anyValue;
import static org.neurolab.console.internal.rest.Schema.array;
import static org.neurolab.console.internal.rest.Schema.bool;
import static org.neurolab.console.internal.rest.Schema.closed;
import static org.neurolab.console.internal.rest.Schema.described;
import static org.neurolab.console.internal.rest.Schema.enumOf;
import static org.neurolab.console.internal.rest.Schema.integer;
import static org.neurolab.console.internal.rest.Schema.mapOf;
import static org.neurolab.console.internal.rest.Schema.nullable;
import static org.neurolab.console.internal.rest.Schema.number;
import static org.neurolab.console.internal.rest.Schema.object;
import static org.neurolab.console.internal.rest.Schema.ref;
import static org.neurolab.console.internal.rest.Schema.str;
import static org.neurolab.console.internal.rest.Schema.text;
import static org.neurolab.console.internal.rest.Schema.time;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The request and response bodies of every operation of the route table, as JSON Schemas, for the OpenAPI document
 * (clients generate from it; {@code ConsoleOpenApiIT} checks live answers against it). A new route gets its entry
 * here; {@code RouteTableTest} fails while one is missing.
 */
final class ApiSchemas {
    /**
     * One operation's bodies: request schema (null: no body) and its media type, whether the body may be left out,
     * whether the servlet checks a body against the schema before the handler ({@link RequestValidator}), success
     * status, response schema and media type.
     */
    record Op(Map<String, Object> request, String requestType, boolean requestOptional, boolean checked, int status, Map<String, Object> response,
              String responseType) {
        Op(Map<String, Object> request, String requestType, int status, Map<String, Object> response, String responseType) {
            this(request, requestType, false, false, status, response, responseType);
        }

        static Op json(Map<String, Object> request, int status, Map<String, Object> response) {
            return new Op(request, "application/json", status, response, "application/json");
        }
    }

    static final String JSON = "application/json";

    private final Map<String, Op> ops = new LinkedHashMap<>();
    private final Map<String, Object> components = new LinkedHashMap<>();

    ApiSchemas() {
        defineComponents();
        session();
        users();
        lab();
        bundles();
        experiments();
        recordings();
        ethics();
        dosing();
        scheduling();
        get("/api/health", ref("Health"));
        ops.put("GET /api/live/{meaId*}", new Op(null, null, 200, Map.of("type", "string", "description",
                "Server-Sent Events: 'hello', then 'spikes' events (JSON {meaId, timesMicros[], electrodes[], dropped}) and 'heartbeat' events"), "text/event-stream"));
        get("/api/openapi.json", object("openapi", str(), "info", anyObject(), "paths", anyObject()));
    }

    Op op(Route r) {
        return ops.get(r.method() + " " + r.pattern());
    }

    /** The request schema the servlet checks a body against before the route's handler runs, or null (the handler checks). */
    Map<String, Object> checkedRequest(Route r) {
        Op op = op(r);
        return op != null && op.checked() ? op.request() : null;
    }

    Map<String, Object> components() {
        return components;
    }

    private void get(String pattern, Map<String, Object> response) {
        ops.put("GET " + pattern, Op.json(null, 200, response));
    }

    private void call(String method, String pattern, Map<String, Object> request, int status, Map<String, Object> response) {
        ops.put(method + " " + pattern, Op.json(request, status, response));
    }

    /** An operation whose JSON body is checked against {@code request} before its handler runs (400 naming the field). */
    private void checked(String method, String pattern, Map<String, Object> request, boolean optional, int status, Map<String, Object> response) {
        ops.put(method + " " + pattern, new Op(request, JSON, optional, true, status, response, JSON));
    }

    private void component(String name, Map<String, Object> schema) {
        components.put(name, schema);
    }

    private void defineComponents() {
        component("Error", object("error", str("what was wrong, in words for whoever sent the request")));
        component("Me", object("user", str(), "roles", array(str()), "csrfToken?", str("for a browser session: send it as X-CSRF-Token on changes"),
                "mustChangePassword?", bool("an admin set the password as a temporary one: until PUT /api/session/password, a session may do nothing else")));
        component("Token", object("id", str(), "label", str(), "createdAt", str()));
        component("User", object("name", str(), "roles", array(str()), "disabled", bool(), "createdAt", str(), "tokens", array(ref("Token")),
                "mustChangePassword", bool("the password is a temporary one an admin set; the holder must choose their own at login")));
        component("Device", object("deviceId", str(), "kind", str(), "rigId", str(), "vendor", str(), "model", str(), "firmwareVersion", str()));
        component("Electrode", object("index", integer(), "xMicrons", number(), "yMicrons", number(), "diameterMicrons", number()));
        component("Layout", object("meaId", str(), "electrodes", array(ref("Electrode")), "sampleRateHz", integer()));
        component("Organoid", object("id", str(), "meaId", str(), "electrodes", array(integer()), "provenance",
                object("cellLine", str(), "batch", str(), "donorConsentRef", str(), "seedingDate", str()),
                "state", str("ACTIVE, ON_HOLD, ..."), "holdReason?", str()));
        component("Bundle", object("id", integer(), "symbolicName", str(), "version", str(), "state", str(), "location", str(), "deployed", bool(),
                "fragment", bool(), "core", bool("one of the lab's own bundles: stop or uninstall only by an admin with ?force=true"),
                "resolutionErrors?", array(str())));
        component("RunSummary", object("id", str(), "state", str(), "script", str(), "language", str(), "user", str(), "organoids", array(str()),
                "queuedAt", nullable(time()), "startedAt", nullable(time()), "endedAt", nullable(time()), "labMicros", integer(), "error", nullable(str())));
        component("Run", object("id", str(), "state", str(), "script", str(), "language", str(), "scriptSha256", nullable(str()), "user", str(),
                "organoids", array(str()), "queuedAt", nullable(time()), "startedAt", nullable(time()), "endedAt", nullable(time()), "labMicros", integer(),
                "output", nullable(str()), "error", nullable(str()), "errorLine", integer(), "results", nullable(anyObject()),
                "provenance", nullable(mapOf(str())), "history", nullable(array(anyObject()))));
        component("Recording", object("id", integer(), "startedMicros", integer(), "stoppedMicros", nullable(integer()), "startedEpochMillis", integer(),
                "meaIds", array(str()), "organoidIds", array(str()), "rawTraces", bool(), "provenance", nullable(anyObject()), "detection", nullable(str()),
                "completeUpToMicros?", nullable(integer()), "gapCount?", integer(), "gapMicros?", integer(), "gaps?", array(ref("Gap"))));
        component("Gap", object("meaId", str(), "fromMicros", integer(), "toMicros", integer(), "reason", str()));
        component("Reservation", object("id", integer(), "user", str(), "kind", str(), "target", str(), "meaId", str(), "start", time(), "end", time(),
                "purpose", nullable(str()), "state", str(), "createdAt", nullable(time()), "cancelledBy", nullable(str())));
        component("ReservationView", object("reservation", ref("Reservation"), "zone", str(), "startLocal", str(), "endLocal", str()));
        component("QueuedRun", object("id", integer(), "reservationId", integer(), "user", str(), "scriptName", str(), "state", str(),
                "submittedAt", nullable(time()), "startedAt", nullable(time()), "endedAt", nullable(time()), "estimatedLabMicros", integer(),
                "runId", nullable(str()), "detail", nullable(str()), "history", array(anyObject())));
        component("MaintenanceJob", object("id", integer(), "task", str(), "organoidId", str(), "meaId", str(), "firstAt", time(), "every", str(),
                "window", str(), "nextAt", nullable(time()), "lastRunAt", nullable(time()), "lastOutcome", nullable(str()), "status", nullable(str())));
        component("Compound", object("name", str(), "form", str(), "effectClass", str(), "maxConcentrationMicromolar", number(), "maxDailyNanomoles", number(),
                "stockMillimolar", number(), "washoutHalfLifeSeconds", number(), "description", nullable(str())));
        component("Reservoir", object("id", str(), "kind", str(), "compound", nullable(str()), "location", nullable(str()), "capacity", number(),
                "level", number(), "unit", str(), "lowBelow", number()));
        component("DoseOutcome", object("commandId", str(), "organoidId", str(), "compound", str(), "amountNanomoles", number(), "route", str(),
                "delivery", anyObject(), "concentrationBeforeMicromolar", number(), "concentrationAfterMicromolar", number(), "labTimeMicros", integer(), "user", str()));
        component("ExchangeOutcome", object("commandId", str(), "meaId", str(), "volumeMicrolitres", number(), "remainingFraction", number(),
                "concentrationsAfterMicromolar", mapOf(number()), "labTimeMicros", integer()));
        component("PendingChange", object("id", str(), "kind", str(), "target", str(), "newValue", nullable(str()), "author", str(), "reason", str(),
                "proposedAt", str()));
        component("TrustedSigner", object("alias", str(), "subject", str(), "sha256", str(), "notAfter", str(),
                "bundles", array(str("running bundles it signed"))));
        component("Health", object("status", enumOf("ok", "warning", "refusing"), "devMode", bool("unsigned bundles are accepted"), "missingGuards", array(str()),
                "disk", object("path", str(), "freeBytes?", integer(), "totalBytes?", integer(), "low", bool(), "error?", str()),
                "overrun", described(mapOf(str()), "the arrays whose data is behind, each with its summary (empty: every array keeps up)"),
                "dataHealth", array(ref("DataHealth")), "services", mapOf(bool()), "warnings", array(str())));
        component("DataHealth", object("meaId", str(), "watermarkMicros", nullable(integer()), "lagMicros", integer(),
                "realTimeFactor", nullable(number("lab time its data advanced per wall-clock time lately (1.0 keeps up)")), "gaps", integer(),
                "gapMicros", integer(), "lastGap", str(), "behind", bool("late beyond the lab's tolerance: an overrun"), "summary", str()));
        component("RecordingStatus", object("id", integer(), "running", bool(), "acknowledgedSpikes", integer(), "lastAcknowledgedMicros", integer(),
                "missedSpikes", integer(), "missedRawBlocks", integer(), "rejectedBlocks", integer(), "lastRejection", nullable(str()),
                "acknowledged", object("spikes", integer(), "stimulations", integer(), "doses", integer(), "telemetry", integer(), "untilMicros", nullable(integer())),
                "inFlightSpikes", integer(), "inFlightStimulations", integer()));
        component("Snippet", object("meaId", str(), "organoidId", str(), "electrode", integer(), "timeMicros", integer(), "amplitudeMicrovolts", number(),
                "snippetMicrovolts", described(array(number()), "µV around the spike; empty when none was kept")));
        component("RemoteSession", object("id", str(), "user", str(), "organoid", str(), "meaId", str(), "electrodes", array(integer()),
                "absoluteElectrodes", nullable(array(integer())), "sampleRateHz", integer(), "heartbeatSeconds", integer(), "triggers", array(str()),
                "commands", integer(), "open", bool(), "closedBecause?", str(), "dryRun", bool(), "seed?", integer(), "labMicros", integer(),
                "labEpochMillis", integer()));
        component("Receipt", object("commandId", str(), "deviceId", str(), "labMicros", integer("handed to the device (lab µs)"),
                "appliedMicros", integer("when the device applies it, on the data's time base")));
        component("Stimulation", closed(object(
                "electrodes?", described(array(integer(0, Integer.MAX_VALUE), 1, 1024), "indices on the culture's MEA; give this or absoluteElectrodes"),
                "absoluteElectrodes?", described(array(integer(0, Integer.MAX_VALUE), 1, 1024), "absolute indices, where the layout defines them"),
                "shape?", enumOf("monophasic", "biphasic", "triphasic"), "polarity?", enumOf("cathodic-first", "anodic-first"),
                "amplitudeMicroamps", number("of the first phase"), "phaseMicros?", integer(1, 1_000_000), "interphaseMicros?", integer(0, 1_000_000),
                "secondAmplitudeMicroamps?", number(), "secondPhaseMicros?", integer(1, 1_000_000),
                "count?", integer(1, org.neurolab.api.stimulation.PulseTrain.MAX_COUNT), "periodMicros?", integer(0, 3_600_000_000L))));
    }

    private void session() {
        call("POST", "/api/session", object("user", str(), "password", str()), 200, ref("Me"));
        get("/api/session", ref("Me"));
        call("DELETE", "/api/session", null, 200, object("loggedOut", bool()));
        call("PUT", "/api/session/password", object("current", str(), "password", str("the new one: 12+ characters, not a common password")), 200,
                object("changed", bool(), "note", str()));
        get("/api/tokens", array(ref("Token")));
        call("POST", "/api/tokens", object("label", str()), 201, object("token", str("shown once: send as Authorization: Bearer"), "note", str()));
        call("DELETE", "/api/tokens/{id}", null, 200, object("revoked", str()));
    }

    private void users() {
        get("/api/users", array(ref("User")));
        call("POST", "/api/users", object("name", str(), "password", str(), "roles", array(enumOf("admin", "operator", "researcher", "ethics-officer")),
                "temporaryPassword?", bool("the holder must replace the password at first login (default false)"), "reason?", str()), 201,
                ref("User"));
        get("/api/users/{name}", ref("User"));
        call("PUT", "/api/users/{name}", object("roles?", array(str()), "disabled?", bool()), 200, anyObject());
        call("PUT", "/api/users/{name}/password", object("password", str(), "temporary?", bool("the holder must replace it at their next login (default false)")),
                200, object("changed", bool(), "temporary", bool()));
        call("DELETE", "/api/users/{name}", null, 200, object("deleted", str()));
        get("/api/console/audit", array(object("time", str(), "actor", nullable(str()), "action", str(), "target", nullable(str()), "outcome", str(), "address?", nullable(str()))));
    }

    private void lab() {
        get("/api/rigs", object("rigs", array(object("rigId", str(), "devices", array(ref("Device")))), "missingRequiredGuards", array(str())));
        get("/api/meas/{meaId*}", ref("Layout"));
        get("/api/organoids", array(ref("Organoid")));
        get("/api/organoids/{id*}", ref("Organoid"));
        get("/api/telemetry/{deviceId*}", array(object("timeMicros", integer(), "deviceId", str(), "temperatureCelsius", number(), "co2Percent", number(),
                "humidityPercent", number())));
    }

    private void bundles() {
        get("/api/bundles", array(ref("Bundle")));
        ops.put("POST /api/bundles", new Op(Map.of("type", "string", "contentEncoding", "binary", "description", "the bundle jar"), "application/java-archive", 202,
                object("file", str(), "symbolicName", str(), "version", str(), "signature", str("who signed it (or the development-mode waiver)"), "note", str()), JSON));
        get("/api/bundles/{id}", ref("Bundle"));
        call("POST", "/api/bundles/{id}/start", null, 200, ref("Bundle"));
        call("POST", "/api/bundles/{id}/stop", null, 200, ref("Bundle"));
        call("POST", "/api/bundles/{id}/update", null, 200, ref("Bundle"));
        call("DELETE", "/api/bundles/{id}", null, 200, object("uninstalled", str()));
        get("/api/security/trust", object("devMode", bool(), "signers", array(ref("TrustedSigner"))));
        call("POST", "/api/security/trust", object("pem", str("a PEM X.509 certificate"), "alias?", str()), 201,
                object("alias", str(), "subject", str(), "sha256", str(), "notAfter", str(), "bundles", array(str()),
                        "reconsidered", array(str("refused deploy/ jars it signed, handed to FileInstall again"))));
        call("DELETE", "/api/security/trust/{alias}", null, 200, object("alias", str(), "subject", str(), "sha256", str(), "notAfter", str(),
                "bundles", array(str()), "stillRunning", array(str()), "note", str()));
    }

    private void experiments() {
        get("/api/experiments/scripts", array(object("name", str(), "status", str(), "language", str())));
        get("/api/experiments/scripts/{name}", object("name", str(), "language", str(), "code", str(), "sha256", str()));
        call("PUT", "/api/experiments/scripts/{name}", object("code", str()), 200, object("saved", str(), "note", str()));
        Map<String, Object> runRequest = object("script?", str("a library script's name"), "name?", str("file name of inline code (.py or .js)"),
                "code?", str(), "organoids?", array(str()), "purpose?", str("consent scope, default research"), "maxWallSeconds?", integer());
        call("POST", "/api/experiments/runs", runRequest, 202, ref("Run"));
        call("POST", "/api/experiments/dry-runs", runRequest, 200, ref("Run"));
        get("/api/experiments/runs", array(ref("RunSummary")));
        get("/api/experiments/runs/{id}", ref("Run"));
        call("POST", "/api/experiments/runs/{id}/cancel", null, 200, ref("Run"));
    }

    private void recordings() {
        get("/api/recordings", array(ref("Recording")));
        get("/api/recordings/{id}", ref("Recording"));
        get("/api/recordings/{id}/spikes", array(object("meaId", str(), "organoidId", str(), "electrode", integer(), "timeMicros", integer(),
                "amplitudeMicrovolts", number())));
        get("/api/recordings/{id}/counts", object("fromMicros", integer(), "toMicros", integer(), "binMicros", integer(), "counts", array(integer()),
                "completeUpToMicros", nullable(integer()), "gaps", array(ref("Gap"))));
        get("/api/recordings/{id}/gaps", array(ref("Gap")));
        get("/api/recordings/{id}/stimulations", array(anyObject()));
        ops.put("GET /api/recordings/{id}/export", new Op(null, null, 200, Map.of("type", "string", "description",
                "CSV with a header line (format=csv), or a zip of the Open Ephys, Phy or NWB export"), "application/octet-stream"));
        get("/api/recordings/{id}/status", ref("RecordingStatus"));
        get("/api/recordings/{id}/shares", array(str()));
        checked("POST", "/api/recordings/{id}/shares", closed(object("user", text(200))), false, 200, described(array(str()), "users it is shared with now"));
        call("DELETE", "/api/recordings/{id}/shares/{user}", null, 200, array(str()));
        get("/api/recordings/{id}/snippets", array(ref("Snippet")));
        remoteSessions();
    }

    /** Remote sessions of the Python client: a LabControl session over REST (guards and audit as for any command). */
    private void remoteSessions() {
        checked("POST", "/api/remote-sessions", closed(object("organoid", text(200), "purpose?", text(64), "heartbeatSeconds?", integer(1, 600),
                "dryRun?", bool(), "seed?", described(integer(), "dry runs only"))), false, 201, ref("RemoteSession"));
        get("/api/remote-sessions", array(ref("RemoteSession")));
        get("/api/remote-sessions/{id}", ref("RemoteSession"));
        call("POST", "/api/remote-sessions/{id}/heartbeat", null, 200, object("id", str(), "labMicros", integer(), "labEpochMillis", integer(),
                "heartbeatSeconds", integer()));
        checked("POST", "/api/remote-sessions/{id}/stimulate", ref("Stimulation"), false, 200, ref("Receipt"));
        checked("PUT", "/api/remote-sessions/{id}/triggers/{name}", ref("Stimulation"), false, 200, object("trigger", str(), "defined", array(str())));
        call("DELETE", "/api/remote-sessions/{id}/triggers/{name}", null, 200, object("defined", array(str())));
        checked("POST", "/api/remote-sessions/{id}/fire", closed(object("triggers", array(text(200), 1, 1000))), false, 200,
                object("commands", array(ref("Receipt")), "appliedMicros", integer("the first command's applied time")));
        checked("POST", "/api/remote-sessions/{id}/count-window", closed(object(
                        "afterMicros?", described(integer(0, Long.MAX_VALUE / 2), "default: the session's newest stimulation's applied time"),
                        "windowMicros?", described(integer(1, 60_000_000), "default 200000"), "blankMicros?", described(integer(0, 60_000_000), "default 10000"))),
                true, 200, object("fromMicros", integer(), "toMicros", integer(), "counts", described(mapOf(integer()), "electrode -> spikes"),
                        "absoluteCounts?", described(mapOf(integer()), "absolute electrode -> spikes, where the layout defines them"), "truncated", bool(),
                        "completeUpToMicros", nullable(integer()), "gapMicros", integer("how much of the window is a gap in the data (missing for good)"),
                        "note?", str()));
        get("/api/remote-sessions/{id}/spikes", object("timesMicros", array(integer()), "electrodes", array(integer()), "amplitudesMicrovolts", array(number()),
                "next", integer("the 'after' of the next read"), "more", bool(), "labMicros", integer(), "completeUpToMicros", nullable(integer()),
                "gapMicros", integer(), "note?", str()));
        call("POST", "/api/remote-sessions/{id}/impedance", null, 200, object("labMicros", integer(), "kilohms", described(mapOf(number()), "electrode -> kΩ")));
        call("DELETE", "/api/remote-sessions/{id}", null, 200, ref("RemoteSession"));
    }

    private void ethics() {
        get("/api/ethics/policies", object("policySetHash", str()));
        get("/api/ethics/holds", mapOf(str()));
        call("POST", "/api/ethics/holds", object("organoid", str(), "reason", str()), 200, mapOf(str()));
        call("POST", "/api/ethics/holds/{organoid*}", object("reason", str()), 200, mapOf(str()));
        get("/api/ethics/consents", object("consents", array(anyObject()), "cellLines", anyObject()));
        get("/api/ethics/changes", array(ref("PendingChange")));
        call("POST", "/api/ethics/changes", object("kind", str(), "target", str(), "value", str(), "reason", str()), 201, ref("PendingChange"));
        call("POST", "/api/ethics/changes/{id}/approve", object("meaning", str()), 200, object("applied", anyValue()));
        call("POST", "/api/ethics/changes/{id}/reject", object("reason", str()), 200, object("rejected", str()));
        get("/api/ethics/audit", object("total", integer("entries in the trail"), "matched", integer("entries the filters match"), "entries", array(object(
                "seq", integer(), "prev", str("hash of the entry before"), "time", time(), "labTimeMicros", integer(), "actor", str(), "action", str(),
                "target", str(), "decision", enumOf("allow", "deny", "record"), "decidedBy", str(), "policyIds", array(str()), "policySet", str(),
                "reason", str(), "oldValue", str(), "newValue", str(), "detail", str()))));
        get("/api/ethics/audit/verify", object("ok", bool(), "entries", integer(), "checkpoints", integer(), "lastCheckpointSize", integer(), "problems", array(str())));
    }

    private void dosing() {
        get("/api/dosing/compounds", array(ref("Compound")));
        get("/api/dosing/reservoirs", object("reservoirs", array(ref("Reservoir")), "alerts", array(str())));
        get("/api/dosing/organoids/{id*}", object("organoid", str(), "concentrationsMicromolar", mapOf(number()), "doses", array(anyObject())));
        call("POST", "/api/dosing/doses", object("organoid", str(), "compound", str(), "amount", number(), "unit", enumOf("pmol", "nmol", "µmol", "umol", "nM", "µM", "uM", "mM"),
                "route?", enumOf("uncaging", "infusion"), "purpose?", str()), 200, ref("DoseOutcome"));
        call("POST", "/api/dosing/exchanges", object("organoid", str(), "volumeMicrolitres", number()), 200, ref("ExchangeOutcome"));
        call("POST", "/api/dosing/reservoirs/{id*}/refill", object("level", number("the new level in the reservoir's unit")), 200, ref("Reservoir"));
    }

    private void scheduling() {
        get("/api/reservations", array(ref("ReservationView")));
        call("POST", "/api/reservations", object("target", str("an organoid or MEA id"), "start", str("ISO-8601 with zone or offset"),
                "end", str("ISO-8601 with zone or offset"), "purpose?", str(), "zone?", str("IANA zone to show the times in")), 201, ref("ReservationView"));
        call("POST", "/api/reservations/{id}/cancel", null, 200, ref("ReservationView"));
        get("/api/queue", array(ref("QueuedRun")));
        call("POST", "/api/queue", object("reservation", integer(), "script", str()), 202, ref("QueuedRun"));
        call("POST", "/api/queue/{id}/cancel", null, 200, ref("QueuedRun"));
        get("/api/maintenance", array(ref("MaintenanceJob")));
        call("POST", "/api/maintenance", object("task", enumOf("medium-exchange", "impedance-check"), "organoid", str(), "firstAt", str(), "everyMinutes", integer(),
                "windowMinutes", integer()), 201, ref("MaintenanceJob"));
        call("DELETE", "/api/maintenance/{id}", null, 200, object("removed", integer()));
    }
}
