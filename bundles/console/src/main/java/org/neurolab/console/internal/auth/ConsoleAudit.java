package org.neurolab.console.internal.auth;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.neurolab.ethics.EthicsOffice;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The console's audit: logins (good and bad), account and token changes, bundle operations. Each goes into the
 * console's own file ({@code data/security/console-audit.jsonl}, one JSON line each, which the Users page lists) and,
 * while the ethics bundle runs, into the lab's tamper-evident audit trail as a {@code console.*} event, beside the
 * commands, consents and approvals — a driver installed on a live lab is as much the lab's history as a stimulation.
 */
public final class ConsoleAudit {
    private static final Logger LOG = LoggerFactory.getLogger(ConsoleAudit.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Path file;
    private final Supplier<EthicsOffice> trail;

    public ConsoleAudit(Path file, Supplier<EthicsOffice> trail) {
        this.file = file;
        this.trail = trail;
    }

    public synchronized void record(String actor, String action, String target, String outcome, String address) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("time", Instant.now().toString());
        line.put("actor", actor);
        line.put("action", action);
        line.put("target", target);
        line.put("outcome", outcome);
        line.put("address", address);
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, JSON.writeValueAsString(line) + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            LOG.error("Cannot append to the console audit file {}: {}", file, e.getMessage());
        }
        EthicsOffice office = trail.get();
        if (office == null) return;
        try {
            office.recordEvent(actor == null || actor.isBlank() ? "anonymous" : actor, "console." + action, target,
                    outcome + (address == null || address.isBlank() ? "" : " (from " + address + ")"));
        } catch (RuntimeException e) {
            LOG.error("The audit trail could not record console event {} by {}: {}", action, actor, e.getMessage());
        }
    }

    /** The newest {@code limit} entries, newest first. */
    public List<Map<String, Object>> recent(int limit) throws IOException {
        return recent(0, limit, ConsoleAuditFilter.ALL);
    }

    /**
     * The entries {@code filter} matches, newest first, the newest {@code skip} of them left out: a page of a filtered
     * view, so a filter finds entries however old (filtering one loaded page found only what that page held).
     */
    @SuppressWarnings("unchecked")
    public synchronized List<Map<String, Object>> recent(int skip, int limit, ConsoleAuditFilter filter) throws IOException {
        if (!Files.exists(file)) return List.of();
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        List<Map<String, Object>> out = new ArrayList<>();
        int skipped = 0;
        for (int i = lines.size() - 1; i >= 0 && out.size() < limit; i--) {
            if (lines.get(i).isBlank()) continue;
            Map<String, Object> entry = JSON.readValue(lines.get(i), Map.class);
            if (!filter.matches(entry)) continue;
            if (skipped < skip) skipped++;
            else out.add(entry);
        }
        return out;
    }
}
