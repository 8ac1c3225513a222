package org.neurolab.console.internal.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConsoleAuditTest {
    @TempDir
    Path dir;

    @Test
    void a_filter_finds_old_entries_and_pages_newest_first_over_what_it_matches() throws Exception {
        ConsoleAudit audit = new ConsoleAudit(dir.resolve("console-audit.jsonl"), () -> null);
        audit.record("zora", "login", "console", "refused", "127.0.0.1");
        for (int i = 0; i < 300; i++) audit.record("admin", "token.create", "t" + i, "ok", "127.0.0.1");
        audit.record("rita", "password.change", "rita", "refused: wrong current password", "127.0.0.1");

        List<Map<String, Object>> zora = audit.recent(0, 20, new ConsoleAuditFilter("zora", null, null, null));
        assertEquals(1, zora.size(), "found behind 301 newer entries");
        assertEquals("login", zora.get(0).get("action"));

        List<Map<String, Object>> second = audit.recent(20, 20, new ConsoleAuditFilter(null, "token.*", null, "ok"));
        assertEquals(20, second.size());
        assertEquals("t279", second.get(0).get("target"), "newest first, the newest 20 matches skipped");
        assertEquals(2, audit.recent(0, 10, new ConsoleAuditFilter(null, null, null, "refused")).size(), "an outcome by its beginning");
        assertEquals(0, audit.recent(0, 10, new ConsoleAuditFilter(null, "token", null, null)).size(), "an action without * is exact");
        assertEquals(1, audit.recent(0, 10, new ConsoleAuditFilter(" ", " ", "rita", "")).size(), "blank fields match everything");
    }
}
