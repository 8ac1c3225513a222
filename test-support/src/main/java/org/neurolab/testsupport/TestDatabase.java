package org.neurolab.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * A fresh database for one test, dropped when closed: an H2 file in a temporary folder, or a new schema in the
 * PostgreSQL server at {@code NEUROLAB_PG_URL} (default {@code jdbc:postgresql://127.0.0.1:5432/test}, user
 * {@code NEUROLAB_PG_USER}, default postgres, no password). When PostgreSQL does not answer, a PostgreSQL test fails
 * saying so, unless {@code NEUROLAB_SKIP_POSTGRES=1}, which skips it.
 */
public final class TestDatabase implements AutoCloseable {
    public static final String PG_BASE = System.getenv().getOrDefault("NEUROLAB_PG_URL", "jdbc:postgresql://127.0.0.1:5432/test");
    public static final String PG_USER = System.getenv().getOrDefault("NEUROLAB_PG_USER", "postgres");

    private final String url;
    private final String user;
    private final Path dir;
    private final String schema;

    private TestDatabase(String url, String user, Path dir, String schema) {
        this.url = url;
        this.user = user;
        this.dir = dir;
        this.schema = schema;
    }

    /** An H2 database in a new temporary folder; {@code urlIn} makes the module's own JDBC URL for a folder. */
    public static TestDatabase h2(Function<Path, String> urlIn) throws IOException {
        Path dir = Files.createTempDirectory("neurolab-h2-");
        return new TestDatabase(urlIn.apply(dir), "", dir, null);
    }

    /** A new schema named {@code prefix} and a random suffix, which the URL makes current. */
    public static TestDatabase postgres(String prefix) {
        if (!prefix.matches("[a-z][a-z0-9_]{0,40}")) throw new IllegalArgumentException("a schema prefix is lower-case letters, digits and '_', was '" + prefix + "'");
        if ("1".equals(System.getenv("NEUROLAB_SKIP_POSTGRES"))) Assumptions.abort("NEUROLAB_SKIP_POSTGRES=1: PostgreSQL tests skipped on request");
        String schema = prefix + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection c = connectToServer(); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        } catch (SQLException e) {
            throw new AssertionError("PostgreSQL at " + PG_BASE + " (user " + PG_USER + ") is needed for these tests and did not answer: " + e.getMessage()
                    + ". Start it (.ci/run does), or set NEUROLAB_SKIP_POSTGRES=1 to skip them.", e);
        }
        return new TestDatabase(PG_BASE + "?currentSchema=" + schema, PG_USER, null, schema);
    }

    public String url() {
        return url;
    }

    /** The user to connect as (empty for H2); no password. */
    public String user() {
        return user;
    }

    @Override
    public void close() throws SQLException, IOException {
        if (schema != null) {
            try (Connection c = connectToServer(); Statement s = c.createStatement()) {
                s.execute("DROP SCHEMA " + schema + " CASCADE");
            }
        }
        if (dir != null) {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
            }
        }
    }

    private static Connection connectToServer() throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", PG_USER);
        Connection c = new org.postgresql.Driver().connect(PG_BASE, p);
        if (c == null) throw new SQLException("the PostgreSQL driver did not accept " + PG_BASE);
        return c;
    }
}
