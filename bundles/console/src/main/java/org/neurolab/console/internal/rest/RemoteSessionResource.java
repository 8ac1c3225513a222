package org.neurolab.console.internal.rest;

import com.fasterxml.jackson.databind.JsonNode;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.neurolab.api.control.Caller;
import org.neurolab.api.control.CommandReceipt;
import org.neurolab.api.control.CommandRefusedException;
import org.neurolab.api.control.LabSession;
import org.neurolab.api.lab.MeaLayout;
import org.neurolab.api.lab.Organoid;
import org.neurolab.console.internal.auth.Role;
import org.neurolab.scripting.ElectrodeNumbering;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Remote sessions: a notebook (the Python client) opens a control session on a culture and stimulates, defines and
 * fires triggers and reads count windows over HTTP. Every command takes the same path as a script's (control's checks,
 * the guards — so the scheduling guard wants the caller's live booking —, the journals). A session whose client has
 * not been heard of for its heartbeat time is closed by a watch thread, which returns its devices to the safe state.
 * Refusals answer 403 with {error, refusedBy, policies}.
 */
final class RemoteSessionResource {
    private static final Logger LOG = LoggerFactory.getLogger(RemoteSessionResource.class);
    static final Access RUNNERS = Access.roles(Role.ADMIN, Role.OPERATOR, Role.RESEARCHER);
    static final int MAX_SESSIONS = 32;
    static final long DEFAULT_HEARTBEAT_SECONDS = 15;
    static final long MAX_AHEAD_MICROS = 60_000_000;
    /** How long a count window waits, beyond its end on the clock, for its data (as a script's window waits). */
    static final long LATE_MILLIS = 10_000;
    private final LabServices lab;
    private final Map<String, RemoteSession> sessions = new ConcurrentHashMap<>();
    private final ScheduledExecutorService watch = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("console-remote-sessions").daemon().factory());
    private final SecureRandom random = new SecureRandom();

    RemoteSessionResource(LabServices lab) {
        this.lab = lab;
        watch.scheduleWithFixedDelay(this::closeSilent, 250, 250, TimeUnit.MILLISECONDS);
    }

    void register(RouteTable t) {
        t.post("/api/remote-sessions", RUNNERS, "Open a remote control session on a culture: {organoid, purpose?, heartbeatSeconds? (1..600, default 15), "
                + "dryRun?, seed?}; commands go through the guards like a script's; a session not heard of for heartbeatSeconds is closed (safe state). "
                + "A dry-run session works on a private simulated copy of the culture in virtual time (lab time moves when a count window waits), "
                + "judged by the ethics policies, touching nothing of the lab", this::open);
        t.get("/api/remote-sessions", RUNNERS, "Open remote sessions (yours; operators and admins: all)", c -> sessions.values().stream()
                .filter(s -> mayUse(c, s)).map(this::view).toList());
        t.get("/api/remote-sessions/{id}", RUNNERS, "A remote session: culture, electrodes (also absolute), triggers, last heard, commands sent", c -> view(mine(c)));
        t.post("/api/remote-sessions/{id}/heartbeat", RUNNERS, "Keep a remote session open (every call on it counts as one too)", c -> {
            RemoteSession s = mine(c);
            return Map.of("id", s.id, "labMicros", s.clock.nowMicros(), "labEpochMillis", s.clock.epochMillis(), "heartbeatSeconds", s.heartbeatMillis / 1000);
        });
        t.post("/api/remote-sessions/{id}/stimulate", RUNNERS, "Stimulate now: {electrodes | absoluteElectrodes, shape?, polarity?, amplitudeMicroamps, "
                + "phaseMicros?, interphaseMicros?, secondAmplitudeMicroamps?, secondPhaseMicros?, count?, periodMicros?}; answers the receipt with appliedMicros", c -> {
            RemoteSession s = mine(c);
            JsonNode body = c.json();
            return refusalOr(() -> receipt(s.stimulate(electrodes(s, body), RemotePulses.train(body))));
        });
        t.put("/api/remote-sessions/{id}/triggers/{name}", RUNNERS, "Define (or redefine) a named trigger: the body of a stimulation, fired later by name", c -> {
            RemoteSession s = mine(c);
            String name = triggerName(c.path("name"));
            JsonNode body = c.json();
            s.define(name, electrodes(s, body), RemotePulses.train(body));
            return Map.of("trigger", name, "defined", s.triggers().keySet());
        });
        t.delete("/api/remote-sessions/{id}/triggers/{name}", RUNNERS, "Forget a named trigger", c -> {
            RemoteSession s = mine(c);
            if (!s.forget(triggerName(c.path("name")))) throw ApiException.notFound("no trigger '" + Call.clip(c.path("name")) + "' in this session");
            return Map.of("defined", s.triggers().keySet());
        });
        t.post("/api/remote-sessions/{id}/fire", RUNNERS, "Fire several triggers in one call: {triggers: [names]}; one command each, in order; "
                + "answers their receipts and appliedMicros (the first's applied time)", c -> {
            RemoteSession s = mine(c);
            List<String> names = Call.texts(c.json(), "triggers", true);
            return refusalOr(() -> {
                List<CommandReceipt> receipts = s.fire(names);
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("commands", receipts.stream().map(RemoteSessionResource::receipt).toList());
                m.put("appliedMicros", receipts.get(0).appliedMicros());
                return m;
            });
        });
        t.post("/api/remote-sessions/{id}/count-window", RUNNERS, "Spikes per electrode in [afterMicros + blankMicros, afterMicros + windowMicros) "
                + "(afterMicros default: the newest stimulation's applied time; window 200 ms, blank 10 ms): waits until the window has ended on the lab clock and its data is in (up to 10 s more); "
                + "toMicros is where it was counted to, completeUpToMicros how far the data is complete (a 'late' note when short of the window)", this::countWindow);
        t.get("/api/remote-sessions/{id}/spikes", RUNNERS, "The culture's spikes later than ?after µs of lab time (at most ?limit), waiting up to ?waitMillis "
                + "(≤ 10000) for the first: a closed loop's read", this::spikes);
        t.post("/api/remote-sessions/{id}/impedance", RUNNERS, "Measure the impedance (kΩ) of the culture's electrodes (read-only for the culture; takes the array's time)", c -> {
            RemoteSession s = mine(c);
            if (s.dryRunSeed != null) throw new ApiException(409, "a dry-run session works on a simulated copy: it measures none of the lab's electrodes");
            double[] kilohms;
            try {
                kilohms = lab.control().electrodeImpedancesKilohms(s.culture.meaId());
            } catch (org.neurolab.api.driver.DeviceException e) {
                throw new ApiException(409, "MEA " + s.culture.meaId() + " could not measure impedances: " + e.getMessage());
            }
            Map<Integer, Double> m = new LinkedHashMap<>();
            for (int e : s.culture.electrodes()) if (e < kilohms.length) m.put(e, kilohms[e]);
            return Map.of("labMicros", s.clock.nowMicros(), "kilohms", m);
        });
        t.delete("/api/remote-sessions/{id}", RUNNERS, "Close a remote session: every device it touched returns to its safe state", c -> {
            RemoteSession s = mine(c);
            close(s, "closed by " + c.user());
            return view(s);
        });
    }

    /** Closes every session (the console is stopping). */
    void close() {
        watch.shutdownNow();
        for (RemoteSession s : sessions.values()) close(s, "the console stopped");
    }

    private Object open(Call c) throws Exception {
        JsonNode body = c.json();
        String organoidId = Call.text(body, "organoid", true, 200);
        String purpose = Call.text(body, "purpose", false, 64);
        long heartbeat = Call.number(body, "heartbeatSeconds", DEFAULT_HEARTBEAT_SECONDS, 1, 600);
        Organoid culture = lab.cultures().culture(organoidId).orElseThrow(() -> ApiException.notFound("no culture '" + Call.clip(organoidId) + "'"));
        MeaLayout layout = lab.control().layout(culture.meaId())
                .orElseThrow(() -> new ApiException(409, "culture " + culture.id() + " sits on MEA " + culture.meaId() + ", whose driver is not running"));
        boolean dryRun = Call.bool(body, "dryRun", false);
        if (body.hasNonNull("seed") && !dryRun) throw ApiException.badRequest("'seed' applies to dry-run sessions only (the lab's cultures are not seeded); add \"dryRun\": true");
        if (sessions.size() >= MAX_SESSIONS) throw new ApiException(429, "already " + MAX_SESSIONS + " remote sessions open; close one");
        Set<String> roles = new TreeSet<>();
        c.principal().roles().forEach(r -> roles.add(r.id()));
        Caller caller = new Caller(c.user(), roles, purpose == null ? "research" : purpose);
        String id = (dryRun ? "rs-dry-" : "rs-") + HexFormat.of().formatHex(bytes(8));
        RemoteSession s;
        if (dryRun) {
            s = openDryRun(id, c.user(), culture, layout, caller, heartbeat, body.hasNonNull("seed") ? Call.number(body, "seed", 0, Long.MIN_VALUE, Long.MAX_VALUE) : null);
        } else {
            LabSession session = lab.control().openSession(caller);
            try {
                s = new RemoteSession(id, c.user(), culture, layout, session, heartbeat * 1000, lab.clock(), null, () -> { });
            } catch (RuntimeException e) {
                session.close();
                throw e;
            }
        }
        sessions.put(id, s);
        if (!dryRun) audit(c.user(), "remote-session.open", culture.id(), id + " (heartbeat " + heartbeat + " s)");
        return Reply.created(view(s));
    }

    /** A session on a private simulated copy of the culture, in virtual time, as a script's dry run has (VirtualRigFactory). */
    private RemoteSession openDryRun(String id, String user, Organoid culture, MeaLayout layout, Caller caller, long heartbeat, Long seed) {
        var ref = lab.context().getServiceReference(org.neurolab.driver.sim.VirtualRigFactory.class);
        var factory = ref == null ? null : lab.context().getService(ref);
        if (factory == null) throw new ApiException(503, "dry-run sessions need the simulated rig bundle (org.neurolab.driver.sim), which is not running");
        try {
            var range = lab.control().stimulatorRange(culture.meaId())
                    .orElseThrow(() -> new ApiException(409, "the stimulator range of MEA " + culture.meaId() + " is unknown (its driver is gone?)"));
            long s = seed != null ? seed : factory.defaultSeed();
            var rig = factory.create(new org.neurolab.driver.sim.VirtualRigSpec(s, List.of(culture),
                    List.of(new org.neurolab.driver.sim.VirtualRigSpec.Mea(culture.meaId(), layout.electrodeCount(), layout.sampleRateHz(), range))));
            try {
                var ethics = lab.ethicsOrNull();
                if (ethics != null) rig.useGuard("ethics", ethics.rehearsal(rig.clock()));
                LabSession session = rig.control().openSession(caller);
                return new RemoteSession(id, user, culture, layout, session, heartbeat * 1000, rig.clock(), s, rig::close);
            } catch (RuntimeException e) {
                rig.close();
                throw e;
            }
        } finally {
            lab.context().ungetService(ref);
        }
    }

    private byte[] bytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    private Object countWindow(Call c) throws Exception {
        RemoteSession s = mine(c);
        JsonNode body = c.jsonOrEmpty();
        CommandReceipt last = s.lastReceipt();
        long after;
        if (body.hasNonNull("afterMicros")) {
            after = Call.number(body, "afterMicros", 0, 0, Long.MAX_VALUE);
        } else if (last != null) {
            after = last.appliedMicros();
        } else {
            throw ApiException.badRequest("this session has not stimulated yet: give 'afterMicros' (lab time µs the window counts from)");
        }
        long window = Call.number(body, "windowMicros", 200_000, 1, MAX_AHEAD_MICROS);
        long blank = Call.number(body, "blankMicros", 10_000, 0, window - 1);
        long end = after + window;
        long now = s.clock.nowMicros();
        if (end - now > MAX_AHEAD_MICROS) throw ApiException.badRequest("that window ends " + (end - now) / 1000 + " ms from now; at most 60000 ms ahead");
        if (now < end) s.clock.awaitMicros(end);
        // the clock passing the window's end is not its data being in: wait for the watermark (bounded), and answer
        // only from complete data, saying up to when
        s.spikes().awaitComplete(end, LATE_MILLIS);
        s.heard();
        long watermark = s.spikes().watermark();
        long answeredTo = watermark == Long.MIN_VALUE ? end : Math.max(after + blank, Math.min(end, watermark));
        RemoteSpikeRing.Window w = s.spikes().window(after + blank, answeredTo);
        Map<Integer, Long> counts = new LinkedHashMap<>();
        for (int e : s.culture.electrodes()) counts.put(e, 0L);
        for (int e : w.electrodes()) counts.computeIfPresent(e, (k, n) -> n + 1);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("fromMicros", after + blank);
        m.put("toMicros", answeredTo);
        m.put("completeUpToMicros", watermark == Long.MIN_VALUE ? null : watermark);
        if (answeredTo < end) m.put("late", "the data of " + s.culture.meaId() + " is complete only up to " + watermark + " µs, " + (end - answeredTo) / 1000
                + " ms short of the window's end after waiting " + LATE_MILLIS / 1000 + " s: counted up to there");
        m.put("counts", counts);
        var offset = s.absoluteOffset();
        if (offset.isPresent()) {
            Map<Integer, Long> absolute = new LinkedHashMap<>();
            counts.forEach((e, n) -> absolute.put(offset.getAsInt() + e, n));
            m.put("absoluteCounts", absolute);
        }
        m.put("truncated", w.truncated());
        return m;
    }

    private Object spikes(Call c) throws Exception {
        RemoteSession s = mine(c);
        long after = c.queryLong("after", -1, -1, Long.MAX_VALUE);
        long waitMillis = c.queryLong("waitMillis", 0, 0, 10_000);
        int limit = (int) c.queryLong("limit", 100_000, 1, 100_000);
        if (waitMillis > 0) s.spikes().awaitAfter(after, waitMillis);
        s.heard();
        long watermark = s.spikes().watermark();
        // spikes at or after the watermark may still be joined by earlier-arriving ones: hand out only complete data
        RemoteSpikeRing.Window w = s.spikes().window(after + 1, watermark == Long.MIN_VALUE ? Long.MAX_VALUE : watermark);
        int n = Math.min(limit, w.timesMicros().length);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("timesMicros", java.util.Arrays.copyOf(w.timesMicros(), n));
        m.put("electrodes", java.util.Arrays.copyOf(w.electrodes(), n));
        m.put("amplitudesMicrovolts", java.util.Arrays.copyOf(w.amplitudes(), n));
        m.put("next", n == 0 ? after : w.timesMicros()[n - 1]);
        m.put("more", n < w.timesMicros().length);
        m.put("labMicros", s.clock.nowMicros());
        m.put("completeUpToMicros", watermark == Long.MIN_VALUE ? null : watermark);
        return m;
    }

    private List<Integer> electrodes(RemoteSession s, JsonNode body) {
        JsonNode local = body.get("electrodes"), absolute = body.get("absoluteElectrodes");
        boolean hasLocal = local != null && !local.isNull(), hasAbsolute = absolute != null && !absolute.isNull();
        if (hasLocal == hasAbsolute) throw ApiException.badRequest("give either 'electrodes' (indices on the culture's MEA) or 'absoluteElectrodes', one of them");
        List<Integer> out = new ArrayList<>();
        for (int e : integers(hasLocal ? local : absolute, hasLocal ? "electrodes" : "absoluteElectrodes"))
            out.add(hasLocal ? e : ElectrodeNumbering.local(s.layout, e));
        return out;
    }

    private static List<Integer> integers(JsonNode v, String field) {
        if (!v.isArray() || v.isEmpty() || v.size() > 1024) throw ApiException.badRequest("'" + field + "' must be a list of 1..1024 electrode numbers");
        List<Integer> out = new ArrayList<>();
        for (JsonNode e : v) {
            if (!e.isIntegralNumber() || !e.canConvertToInt()) throw ApiException.badRequest("'" + field + "' must hold whole numbers, had " + Call.clip(e.toString()));
            out.add(e.asInt());
        }
        return out;
    }

    private static String triggerName(String name) {
        if (name == null || !name.matches("[A-Za-z0-9_.-]{1,64}")) throw ApiException.badRequest("a trigger name is 1..64 letters, digits, '.', '_' or '-'");
        return name;
    }

    private interface Command {
        Object run() throws CommandRefusedException;
    }

    /** The command's answer, or 403 with who refused it and the policies the refusal names. */
    private static Object refusalOr(Command command) {
        try {
            return command.run();
        } catch (CommandRefusedException e) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("error", e.getMessage());
            m.put("refusedBy", e.refusedBy());
            m.put("policies", e.policyIds());
            return new Reply(403, m);
        }
    }

    static Map<String, Object> receipt(CommandReceipt r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("commandId", r.commandId());
        m.put("deviceId", r.deviceId());
        m.put("labMicros", r.labTimeMicros());
        m.put("appliedMicros", r.appliedMicros());
        return m;
    }

    private RemoteSession mine(Call c) {
        RemoteSession s = sessions.get(c.path("id"));
        if (s == null) throw ApiException.notFound("no open remote session '" + Call.clip(c.path("id")) + "' (closed sessions are forgotten)");
        if (!mayUse(c, s)) throw new ApiException(403, "remote session " + s.id + " is " + s.user + "'s");
        s.heard();
        return s;
    }

    private static boolean mayUse(Call c, RemoteSession s) {
        return s.user.equals(c.user()) || c.has(Role.ADMIN) || c.has(Role.OPERATOR);
    }

    private Map<String, Object> view(RemoteSession s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", s.id);
        m.put("user", s.user);
        m.put("organoid", s.culture.id());
        m.put("meaId", s.culture.meaId());
        m.put("electrodes", s.culture.electrodes());
        m.put("absoluteElectrodes", s.absoluteElectrodes());
        m.put("sampleRateHz", s.layout.sampleRateHz());
        m.put("heartbeatSeconds", s.heartbeatMillis / 1000);
        m.put("triggers", s.triggers().keySet());
        m.put("commands", s.commands());
        m.put("open", s.isOpen());
        if (!s.isOpen()) m.put("closedBecause", s.closedBecause());
        m.put("dryRun", s.dryRunSeed != null);
        if (s.dryRunSeed != null) m.put("seed", s.dryRunSeed);
        m.put("labMicros", s.clock.nowMicros());
        m.put("labEpochMillis", s.clock.epochMillis());
        return m;
    }

    private void closeSilent() {
        long now = System.currentTimeMillis();
        for (RemoteSession s : sessions.values()) {
            if (!s.expired(now)) continue;
            close(s, "no heartbeat for " + (now - s.lastHeardMillis()) / 1000.0 + " s (limit " + s.heartbeatMillis / 1000 + " s)");
        }
    }

    private void close(RemoteSession s, String because) {
        sessions.remove(s.id);
        try {
            s.close(because);
        } catch (RuntimeException e) {
            LOG.warn("closing remote session {} failed: {}", s.id, e.toString());
        }
        if (s.dryRunSeed == null) audit(s.user, "remote-session.close", s.culture.id(), s.id + ": " + because);
    }

    private void audit(String user, String action, String target, String reason) {
        var ethics = lab.ethicsOrNull();
        if (ethics == null) return;
        try {
            ethics.recordEvent(user, "console." + action, target, reason);
        } catch (RuntimeException e) {
            LOG.warn("the audit trail did not take {} {}: {}", action, target, e.toString());
        }
    }
}
