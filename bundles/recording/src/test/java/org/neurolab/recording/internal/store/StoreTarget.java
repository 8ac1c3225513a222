package org.neurolab.recording.internal.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;

/**
 * A fresh database for one test: an H2 file in a temp folder, or a new schema in the PostgreSQL server at
 * 127.0.0.1:5432 (database {@code test}; user {@code NEUROLAB_PG_USER}, default postgres), dropped afterwards.
 * If PostgreSQL does not answer, the PostgreSQL tests fail, unless NEUROLAB_SKIP_POSTGRES=1.
 */
public final class StoreTarget implements AutoCloseable {
    public static final String PG_BASE = System.getenv().getOrDefault("NEUROLAB_PG_URL", "jdbc:postgresql://127.0.0.1:5432/test");
    public static final String PG_USER = System.getenv().getOrDefault("NEUROLAB_PG_USER", "postgres");

    public final String url;
    public final String user;
    private final Path dir;
    private final String schema;

    private StoreTarget(String url, String user, Path dir, String schema) {
        this.url = url;
        this.user = user;
        this.dir = dir;
        this.schema = schema;
    }

    public static StoreTarget create(Dialect d) throws Exception {
        if (d == Dialect.H2) {
            Path dir = Files.createTempDirectory("neurolab-h2-");
            return new StoreTarget(RecordingStore.h2Url(dir.resolve("recordings")), "", dir, null);
        }
        if ("1".equals(System.getenv("NEUROLAB_SKIP_POSTGRES"))) Assumptions.abort("NEUROLAB_SKIP_POSTGRES=1: PostgreSQL tests skipped on request");
        String schema = "nl_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection c = Dialect.POSTGRES.connect(PG_BASE, PG_USER, ""); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        } catch (SQLException e) {
            throw new AssertionError("PostgreSQL at " + PG_BASE + " (user " + PG_USER + ") is needed for these tests and did not answer: " + e.getMessage()
                    + ". Start it (.ci/run does), or set NEUROLAB_SKIP_POSTGRES=1 to skip them.", e);
        }
        return new StoreTarget(PG_BASE + "?currentSchema=" + schema, PG_USER, null, schema);
    }

    public RecordingStore open() throws SQLException {
        return RecordingStore.open(url, user, "");
    }

    @Override
    public void close() throws Exception {
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
