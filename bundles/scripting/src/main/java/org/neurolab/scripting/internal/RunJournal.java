package org.neurolab.scripting.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.neurolab.scripting.Language;
import org.neurolab.scripting.RunEvent;
import org.neurolab.scripting.RunRecord;
import org.neurolab.scripting.RunState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every run's record on disk, {@code data/scripting/runs/<run id>.json}, rewritten whole (and atomically) at each change
 * of state, so runs started directly ({@code ./neurolab script}, {@code POST /api/experiments/runs}) outlive a restart
 * or a crash with their output and results. The files of active runs are touched every second: a file's time is when
 * the lab last saw its run. A run found not ended when the lab starts was cut by a stop or a crash: it becomes
 * {@link RunState#INTERRUPTED}, ended when the lab last saw it.
 */
final class RunJournal {
    private static final Logger LOG = LoggerFactory.getLogger(RunJournal.class);
    private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9._-]{1,100}");
    private final ObjectMapper json = new ObjectMapper();
    private final Path folder;

    RunJournal(Path folder) throws IOException {
        this.folder = Files.createDirectories(folder);
    }

    Path folder() {
        return folder;
    }

    private Path file(String id) {
        if (!SAFE_ID.matcher(id).matches()) throw new IllegalArgumentException("run id '" + id + "' cannot name a file");
        return folder.resolve(id + ".json");
    }

    /** Writes the record; a disk that refuses is logged, never the run's failure. */
    void save(RunRecord r) {
        try {
            Path f = file(r.id());
            Path tmp = folder.resolve(r.id() + ".json.tmp");
            json.writeValue(tmp.toFile(), toMap(r));
            try {
                Files.move(tmp, f, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, f, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException | RuntimeException e) {
            LOG.error("Run {}'s record could not be written to {}: {} (it is kept in memory until the lab stops)", r.id(), folder, e.getMessage());
        }
    }

    /** The lab still sees these runs going. */
    void touch(Iterable<String> activeIds, Instant now) {
        for (String id : activeIds) {
            try {
                Path f = file(id);
                if (Files.exists(f)) Files.setLastModifiedTime(f, FileTime.from(now));
            } catch (IOException | RuntimeException e) {
                LOG.debug("Run {}'s record not touched: {}", id, e.getMessage());
            }
        }
    }

    void remove(String id) {
        try {
            Files.deleteIfExists(file(id));
        } catch (IOException | RuntimeException e) {
            LOG.warn("Run {}'s old record could not be removed: {}", id, e.getMessage());
        }
    }

    /**
     * Every record on disk; those not ended are marked INTERRUPTED (and written so). A file that cannot be read is
     * named in the log and left where it is.
     */
    List<RunRecord> load(Instant now) {
        List<RunRecord> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().toList()) {
                try {
                    RunRecord r = fromMap(json.readValue(f.toFile(), Map.class));
                    if (!r.state().isFinal()) {
                        r = interrupted(r, Files.getLastModifiedTime(f).toInstant(), now);
                        save(r);
                        LOG.warn("Run {} ({}) was cut by a stop or a crash, marked INTERRUPTED: {}", r.id(), r.script(), r.error());
                    }
                    out.add(r);
                } catch (IOException | RuntimeException e) {
                    LOG.error("Run record {} cannot be read ({}): left as it is, not listed", f, String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
                }
            }
        } catch (IOException e) {
            LOG.error("Run records in {} cannot be listed: {}", folder, e.getMessage());
        }
        return out;
    }

    static RunRecord interrupted(RunRecord r, Instant lastSeen, Instant now) {
        String why = "the lab stopped while this run was " + r.state().name().toLowerCase(java.util.Locale.ROOT) + " (last seen " + lastSeen
                + "); it is not retried: run it again";
        List<RunEvent> history = new ArrayList<>(r.history());
        history.add(new RunEvent(now, "interrupted", why));
        return new RunRecord(r.id(), RunState.INTERRUPTED, r.script(), r.language(), r.scriptSha256(), r.user(), r.organoids(), r.queuedAt(), r.startedAt(),
                lastSeen, r.labMicros(), r.output(), why, r.errorLine(), r.results(), r.provenance(), history);
    }

    // ---- the record as JSON: Instants as ISO text, enums by name -----------------------------------------------

    static Map<String, Object> toMap(RunRecord r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", r.id());
        m.put("state", r.state().name());
        m.put("script", r.script());
        m.put("language", r.language() == null ? null : r.language().name());
        m.put("scriptSha256", r.scriptSha256());
        m.put("user", r.user());
        m.put("organoids", r.organoids());
        m.put("queuedAt", text(r.queuedAt()));
        m.put("startedAt", text(r.startedAt()));
        m.put("endedAt", text(r.endedAt()));
        m.put("labMicros", r.labMicros());
        m.put("output", r.output());
        m.put("error", r.error());
        m.put("errorLine", r.errorLine());
        m.put("results", r.results());
        m.put("provenance", r.provenance());
        List<Map<String, Object>> h = new ArrayList<>();
        for (RunEvent e : r.history()) {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("at", text(e.at()));
            x.put("event", e.event());
            x.put("detail", e.detail());
            h.add(x);
        }
        m.put("history", h);
        return m;
    }

    @SuppressWarnings("unchecked")
    static RunRecord fromMap(Map<String, Object> m) {
        List<RunEvent> history = new ArrayList<>();
        for (Map<String, Object> e : (List<Map<String, Object>>) m.getOrDefault("history", List.of()))
            history.add(new RunEvent(instant(e.get("at")), (String) e.get("event"), (String) e.get("detail")));
        Object lang = m.get("language");
        return new RunRecord((String) m.get("id"), RunState.valueOf((String) m.get("state")), (String) m.get("script"),
                lang == null ? null : Language.valueOf((String) lang), (String) m.get("scriptSha256"), (String) m.get("user"),
                List.copyOf((List<String>) m.getOrDefault("organoids", List.of())), instant(m.get("queuedAt")), instant(m.get("startedAt")),
                instant(m.get("endedAt")), ((Number) m.getOrDefault("labMicros", 0)).longValue(), (String) m.getOrDefault("output", ""),
                (String) m.getOrDefault("error", ""), ((Number) m.getOrDefault("errorLine", 0)).intValue(),
                (Map<String, Object>) m.getOrDefault("results", Map.of()), (Map<String, String>) m.getOrDefault("provenance", Map.of()), List.copyOf(history));
    }

    private static String text(Instant i) {
        return i == null ? null : i.toString();
    }

    private static Instant instant(Object o) {
        return o == null ? null : Instant.parse((String) o);
    }
}
