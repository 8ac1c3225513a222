package org.neurolab.console.internal.rest;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.neurolab.api.control.Caller;
import org.neurolab.console.internal.auth.Principal;
import org.neurolab.console.internal.auth.Role;
import org.neurolab.scheduling.BookingRequest;
import org.neurolab.scheduling.MaintenanceSchedule;
import org.neurolab.scheduling.QueuedRun;
import org.neurolab.scheduling.Reservation;
import org.neurolab.scheduling.SchedulingConflictException;
import org.neurolab.scheduling.TimeText;
import org.neurolab.scripting.ScriptSource;

/** Reservations (book, list, cancel), the experiment queue (submit, list, cancel) and maintenance schedules. */
final class SchedulingResource {
    static final Access BOOKERS = Access.roles(Role.RESEARCHER, Role.OPERATOR, Role.ADMIN);
    static final Access KEEPERS = Access.roles(Role.OPERATOR, Role.ADMIN);
    private final LabServices lab;

    SchedulingResource(LabServices lab) {
        this.lab = lab;
    }

    void register(RouteTable t) {
        t.get("/api/reservations", Access.ANY_USER, "Reservations overlapping [?from, ?to) (ISO-8601 with zone; default: from now for 7 days), "
                + "with times also shown in ?zone (e.g. Europe/Zurich)", c -> {
            Instant from = time(c.query("from"), Instant.now());
            Instant to = time(c.query("to"), from.plus(Duration.ofDays(7)));
            ZoneId zone = zone(c.query("zone"));
            return lab.scheduler().reservations(from, to).stream().map(r -> view(r, zone)).toList();
        });
        t.post("/api/reservations", BOOKERS, "Book {target (organoid or MEA id), start, end (ISO-8601 with zone or offset), purpose?} for yourself; "
                + "a conflict answers 409 naming the booking in the way", c -> {
            JsonNode body = c.json();
            try {
                Reservation r = lab.scheduler().book(new BookingRequest(c.user(), Call.text(body, "target", true, 200),
                        time(Call.text(body, "start", true, 64), null), time(Call.text(body, "end", true, 64), null), Call.text(body, "purpose", false, 64)));
                return Reply.created(view(r, zone(Call.text(body, "zone", false, 64))));
            } catch (SchedulingConflictException e) {
                throw new ApiException(409, e.getMessage());
            }
        });
        t.post("/api/reservations/{id}/cancel", BOOKERS, "Cancel a reservation (its holder, an operator or an admin); its runs stop", c -> {
            try {
                return view(lab.scheduler().cancel(id(c.path("id")), caller(c.principal())), ZoneId.of("UTC"));
            } catch (SchedulingConflictException e) {
                throw new ApiException(409, e.getMessage());
            }
        });
        t.get("/api/queue", Access.ANY_USER, "Queued runs, newest first, with their history", c -> lab.scheduler().queue());
        t.post("/api/queue", BOOKERS, "Submit {reservation, script (a library script's name)} to run in that reservation's slot; "
                + "refused when its dry run does not fit", c -> {
            JsonNode body = c.json();
            long reservation = Call.number(body, "reservation", 0, 1, Long.MAX_VALUE);
            String name = Call.text(body, "script", true, 100);
            ScriptSource script = lab.scripts().script(name).orElseThrow(() -> ApiException.notFound("no script '" + Call.clip(name) + "' in the library"));
            Reservation r = lab.scheduler().reservation(reservation).orElseThrow(() -> ApiException.notFound("no reservation " + reservation));
            if (!r.user().equals(c.user()) && !c.has(Role.OPERATOR) && !c.has(Role.ADMIN))
                throw new ApiException(403, "reservation " + reservation + " is " + r.user() + "'s; only its holder may queue runs in it");
            try {
                QueuedRun q = lab.scheduler().submit(reservation, r.user(), script);
                return Reply.accepted(q);
            } catch (SchedulingConflictException e) {
                throw new ApiException(409, e.getMessage());
            }
        });
        t.post("/api/queue/{id}/cancel", BOOKERS, "Cancel a queued run (its holder, an operator or an admin)", c -> {
            long id = id(c.path("id"));
            try {
                if (!lab.scheduler().cancelRun(id, caller(c.principal()))) throw new ApiException(409, "queued run " + id + " had already ended");
            } catch (SchedulingConflictException e) {
                throw new ApiException(409, e.getMessage());
            }
            return lab.scheduler().queuedRun(id).orElseThrow();
        });
        t.get("/api/maintenance", Access.ANY_USER, "Recurring maintenance jobs with their next time, last outcome and status", c -> lab.scheduler().maintenance());
        t.post("/api/maintenance", KEEPERS, "Add a recurring job {task (medium-exchange, impedance-check), organoid, firstAt, everyMinutes, windowMinutes}", c -> {
            JsonNode body = c.json();
            try {
                return Reply.created(lab.scheduler().addMaintenance(new MaintenanceSchedule(Call.text(body, "task", true, 64), Call.text(body, "organoid", true, 200),
                    time(Call.text(body, "firstAt", true, 64), null), Duration.ofMinutes(Call.number(body, "everyMinutes", 0, 1, 366L * 24 * 60)),
                    Duration.ofMinutes(Call.number(body, "windowMinutes", 0, 1, 24 * 60)))));
            } catch (SchedulingConflictException e) {
                throw new ApiException(409, e.getMessage());
            }
        });
        t.delete("/api/maintenance/{id}", KEEPERS, "Remove a recurring job", c -> {
            long id = id(c.path("id"));
            if (!lab.scheduler().removeMaintenance(id)) throw ApiException.notFound("no maintenance job " + id);
            return Map.of("removed", id);
        });
    }

    private static Map<String, Object> view(Reservation r, ZoneId zone) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("reservation", r);
        m.put("zone", zone.getId());
        m.put("startLocal", TimeText.show(r.start(), zone));
        m.put("endLocal", TimeText.show(r.end(), zone));
        return m;
    }

    private static Instant time(String text, Instant fallback) {
        if (text == null || text.isBlank()) {
            if (fallback != null) return fallback;
            throw ApiException.badRequest("a time is required (ISO-8601 with a zone or offset, e.g. 2026-12-01T10:00+01:00)");
        }
        try {
            return TimeText.parse(text);
        } catch (IllegalArgumentException | DateTimeException e) {
            throw ApiException.badRequest(e.getMessage());
        }
    }

    private static ZoneId zone(String text) {
        if (text == null || text.isBlank()) return ZoneId.of("UTC");
        try {
            return ZoneId.of(text);
        } catch (DateTimeException e) {
            throw ApiException.badRequest("unknown time zone '" + Call.clip(text) + "' (use a region such as Europe/Zurich or an offset such as +01:00)");
        }
    }

    private static long id(String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("'" + Call.clip(text) + "' is not a number");
        }
    }

    private static Caller caller(Principal p) {
        Set<String> roles = new TreeSet<>();
        p.roles().forEach(role -> roles.add(role.id()));
        return new Caller(p.user(), roles, "research");
    }
}
