package org.neurolab.ethics.internal.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Consumer;
import org.neurolab.ethics.AuditEntry;
import org.neurolab.ethics.AuditPage;
import org.neurolab.ethics.AuditQuery;

/**
 * Reads the audit log's entries back from {@code log.jsonl}. Only whole lines count: a line still being written (or
 * torn by a crash, which the log cuts off at its next open) is not an entry yet.
 */
public final class AuditReader {
    private static final ObjectMapper JSON = new ObjectMapper();

    private AuditReader() {
    }

    /** Every entry, oldest first. */
    public static void forEach(Path dir, Consumer<AuditEntry> each) throws IOException {
        Path log = dir.resolve(AuditLog.LOG);
        if (!Files.exists(log)) return;
        try (BufferedReader r = Files.newBufferedReader(log, StandardCharsets.UTF_8)) {
            StringBuilder line = new StringBuilder();
            int c;
            while ((c = r.read()) >= 0) {
                if (c != '\n') {
                    line.append((char) c);
                    continue;
                }
                if (!line.isEmpty()) each.accept(parse(line.toString()));
                line.setLength(0);
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /** The page {@code query} asks for. */
    public static AuditPage page(Path dir, AuditQuery query) throws IOException {
        Deque<AuditEntry> out = new ArrayDeque<>();
        long[] total = {0}, matched = {0};
        forEach(dir, e -> {
            total[0]++;
            if (!query.matches(e)) return;
            matched[0]++;
            if (query.from() >= 0) {
                if (e.seq() >= query.from() && out.size() < query.limit()) out.addLast(e);
            } else {
                out.addLast(e);
                if (out.size() > query.limit()) out.removeFirst();
            }
        });
        return new AuditPage(total[0], matched[0], List.copyOf(out));
    }

    static AuditEntry parse(String line) {
        JsonNode n;
        try {
            n = JSON.readTree(line);
        } catch (IOException e) {
            throw new UncheckedIOException(new IOException("an audit entry is not JSON (run `neurolab audit verify`): " + e.getMessage(), e));
        }
        List<String> ids = new ArrayList<>();
        for (JsonNode id : n.path("policyIds")) ids.add(id.asText());
        return new AuditEntry(n.path("seq").asLong(), text(n, "prev"), text(n, "time"), n.path("labTimeMicros").asLong(), text(n, "actor"),
                text(n, "action"), text(n, "target"), text(n, "decision"), text(n, "decidedBy"), ids, text(n, "policySet"), text(n, "reason"),
                text(n, "oldValue"), text(n, "newValue"), text(n, "detail"));
    }

    private static String text(JsonNode n, String field) {
        return n.path(field).asText("");
    }
}
