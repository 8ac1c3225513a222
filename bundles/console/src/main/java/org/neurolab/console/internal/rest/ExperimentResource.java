package org.neurolab.console.internal.rest;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.neurolab.api.control.Caller;
import org.neurolab.console.internal.auth.Principal;
import org.neurolab.console.internal.auth.Role;
import org.neurolab.scripting.Language;
import org.neurolab.scripting.RunLimits;
import org.neurolab.scripting.RunRecord;
import org.neurolab.scripting.RunRequest;
import org.neurolab.scripting.ScriptSource;
import org.neurolab.scheduling.Scheduler;

/** Experiment scripts in the lab's library, runs and dry runs, their state, output and results. */
final class ExperimentResource {
    static final Pattern SCRIPT_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}\\.(py|js)");
    private static final Access RUNNERS = Access.roles(Role.ADMIN, Role.OPERATOR, Role.RESEARCHER);
    private final LabServices lab;

    ExperimentResource(LabServices lab) {
        this.lab = lab;
    }

    void register(RouteTable t) {
        t.get("/api/experiments/scripts", Access.ANY_USER, "Scripts in the lab's library with their state ('ok' or why the newest version was not taken)", c -> scripts());
        t.get("/api/experiments/scripts/{name}", Access.ANY_USER, "A script's source", c -> {
            ScriptSource s = lab.scripts().script(scriptName(c.path("name")))
                    .orElseThrow(() -> ApiException.notFound("no script '" + Call.clip(c.path("name")) + "' in the library"));
            return Map.of("name", s.name(), "language", s.language(), "code", s.code(), "sha256", s.sha256());
        });
        t.put("/api/experiments/scripts/{name}", RUNNERS, "Save a script into the library (body {code}); it is checked and used from the next run", this::save);
        t.post("/api/experiments/runs", RUNNERS,
                "Start a run: {script} from the library, or {name, code}; organoids, purpose (consent scope), maxWallSeconds", c -> {
                    RunRequest r = request(c);
                    requireRunnable(r);
                    return Reply.accepted(lab.runner().submit(r));
                });
        t.post("/api/experiments/dry-runs", RUNNERS, "Dry-run a script on a private simulated rig in virtual time and wait for its record", c -> lab.runner().dryRun(request(c)));
        t.get("/api/experiments/runs", Access.ANY_USER, "Runs, newest first (without their output; ?limit)", c -> {
            int limit = (int) c.queryLong("limit", 100, 1, 10_000);
            return lab.runner().runs().stream().limit(limit).map(ExperimentResource::summary).toList();
        });
        t.get("/api/experiments/runs/{id}", Access.ANY_USER, "A run with its output, error, results, provenance and history", c -> run(c.path("id")));
        t.post("/api/experiments/runs/{id}/cancel", RUNNERS, "Cancel a queued or running run (researchers: their own); its rig goes to the safe state", c -> {
            RunRecord r = run(c.path("id"));
            if (!c.has(Role.ADMIN) && !c.has(Role.OPERATOR) && !r.user().equals(c.user()))
                throw new ApiException(403, "run " + r.id() + " is " + r.user() + "'s; only its owner, an operator or an admin may cancel it");
            if (!lab.runner().cancel(r.id())) throw new ApiException(409, "run " + r.id() + " had already ended (" + r.state() + ")");
            return run(r.id());
        });
    }

    /**
     * Refuses before anything starts what would fail at the first command: a culture the lab does not know (400, as a
     * dry run refuses it) and one the caller holds no live reservation for (409, in the scheduling guard's words).
     */
    private void requireRunnable(RunRequest r) {
        for (String id : r.organoids()) {
            if (lab.cultures().culture(id).isEmpty())
                throw ApiException.badRequest("unknown organoid '" + Call.clip(id) + "' (GET /api/organoids lists the lab's cultures)");
        }
        Scheduler scheduler = lab.schedulerRef().get();
        if (scheduler == null || !scheduler.enforcesReservations()) return; // no bookings needed in this lab: the guards decide alone
        java.time.Instant now = java.time.Instant.now();
        for (String id : r.organoids()) {
            var live = scheduler.liveReservation(id, now).orElseThrow(() -> new ApiException(409,
                    "organoid " + id + " has no reservation live now: book it first (Reservations page, or POST /api/reservations), or dry-run the script"));
            if (!live.user().equals(r.caller().user()))
                throw new ApiException(409, "organoid " + id + " is reserved by " + live.user() + " until " + live.end() + " (reservation " + live.id()
                        + "); only the holder runs experiments on it");
        }
    }

    private RunRecord run(String id) {
        return lab.runner().run(id).orElseThrow(() -> ApiException.notFound("no run '" + Call.clip(id) + "'"));
    }

    static Map<String, Object> summary(RunRecord r) {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("id", r.id());
        m.put("state", r.state());
        m.put("script", r.script());
        m.put("language", r.language());
        m.put("user", r.user());
        m.put("organoids", r.organoids());
        m.put("queuedAt", r.queuedAt());
        m.put("startedAt", r.startedAt());
        m.put("endedAt", r.endedAt());
        m.put("labMicros", r.labMicros());
        m.put("error", r.error());
        return m;
    }

    private Object scripts() {
        List<Map<String, Object>> out = new ArrayList<>();
        new TreeMap<>(lab.scripts().status()).forEach((name, status) -> out.add(Map.of("name", name, "status", status,
                "language", languageOf(name))));
        return out;
    }

    private static String languageOf(String name) {
        try {
            return Language.ofFileName(name).name();
        } catch (IllegalArgumentException e) {
            return "unknown";
        }
    }

    static String scriptName(String name) {
        if (name == null || !SCRIPT_NAME.matcher(name).matches())
            throw ApiException.badRequest("a script name is letters, digits, '.', '_' or '-' ending in .py or .js (no folders), was '"
                    + Call.clip(String.valueOf(name)) + "'");
        return name;
    }

    private Object save(Call c) throws Exception {
        String name = scriptName(c.path("name"));
        String code = Call.text(c.json(), "code", true, ScriptSource.MAX_SOURCE_CHARS);
        Path dir = lab.folder("neurolab.scripts.dir", "scripts");
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(lab.folder("neurolab.data.dir", "data"), "script-", ".part");
        try {
            Files.writeString(tmp, code, StandardCharsets.UTF_8);
            Files.move(tmp, dir.resolve(name), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
        return Map.of("saved", name, "note", "the library checks it within a second; see GET /api/experiments/scripts for its state");
    }

    private RunRequest request(Call c) throws Exception {
        JsonNode body = c.json();
        String script = Call.text(body, "script", false, 100);
        String code = Call.text(body, "code", false, ScriptSource.MAX_SOURCE_CHARS);
        ScriptSource source;
        if (script != null && code != null) throw ApiException.badRequest("give either 'script' (a library script) or 'name' and 'code', not both");
        if (script != null) {
            source = lab.scripts().script(scriptName(script)).orElseThrow(() -> ApiException.notFound("no script '" + Call.clip(script) + "' in the library"));
        } else if (code != null) {
            source = ScriptSource.of(scriptName(Call.text(body, "name", true, 100)), code);
        } else {
            throw ApiException.badRequest("say what to run: 'script' (a library script's name) or 'name' and 'code'");
        }
        List<String> organoids = Call.texts(body, "organoids", false);
        String purpose = Call.text(body, "purpose", false, 64);
        long wallSeconds = Call.number(body, "maxWallSeconds", RunLimits.DEFAULT.maxWallTime().toSeconds(), 1, 24 * 3600);
        Principal p = c.principal();
        Set<String> roles = new java.util.TreeSet<>();
        p.roles().forEach(r -> roles.add(r.id()));
        Caller caller = new Caller(p.user(), roles, purpose == null ? "research" : purpose);
        RunLimits limits = new RunLimits(Duration.ofSeconds(wallSeconds), RunLimits.DEFAULT.maxStatements(), RunLimits.DEFAULT.maxOutputBytes());
        return new RunRequest(source, caller, organoids, limits);
    }
}
