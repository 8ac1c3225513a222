package org.neurolab.scheduling.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;

/**
 * A fresh database for one test: an H2 file in a temp folder, or a new schema in the PostgreSQL server at
 * 127.0.0.1:5432 (database {@code test}), dropped afterwards. PostgreSQL tests fail when it does not answer, unless
 * NEUROLAB_SKIP_POSTGRES=1.
 */
final class ScheduleTarget implements AutoCloseable {
    static final String PG_BASE = System.getenv().getOrDefault("NEUROLAB_PG_URL", "jdbc:postgresql://127.0.0.1:5432/test");
    static final String PG_USER = System.getenv().getOrDefault("NEUROLAB_PG_USER", "postgres");

    final String url;
    final String user;
    private final Path dir;
    private final String schema;

    private ScheduleTarget(String url, String user, Path dir, String schema) {
        this.url = url;
        this.user = user;
        this.dir = dir;
        this.schema = schema;
    }

    static ScheduleTarget create(Dialect d) throws Exception {
        if (d == Dialect.H2) {
            Path dir = Files.createTempDirectory("neurolab-sched-");
            return new ScheduleTarget(Dialect.h2Url(dir.resolve("schedule")), "", dir, null);
        }
        if ("1".equals(System.getenv("NEUROLAB_SKIP_POSTGRES"))) Assumptions.abort("NEUROLAB_SKIP_POSTGRES=1: PostgreSQL tests skipped on request");
        String schema = "nl_sched_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection c = Dialect.POSTGRES.connect(PG_BASE, PG_USER, ""); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        } catch (SQLException e) {
            throw new AssertionError("PostgreSQL at " + PG_BASE + " (user " + PG_USER + ") is needed for these tests and did not answer: " + e.getMessage()
                    + ". Start it (.ci/run does), or set NEUROLAB_SKIP_POSTGRES=1 to skip them.", e);
        }
        return new ScheduleTarget(PG_BASE + "?currentSchema=" + schema, PG_USER, null, schema);
    }

    ScheduleStore open() throws SQLException {
        return ScheduleStore.open(url, user, "");
    }

    @Override
    public void close() throws SQLException, java.io.IOException {
        if (schema != null) {
            try (Connection c = Dialect.POSTGRES.connect(PG_BASE, PG_USER, ""); Statement s = c.createStatement()) {
                s.execute("DROP SCHEMA " + schema + " CASCADE");
            }
        }
        if (dir != null) {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
