package org.neurolab.recording.internal.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.List;

/**
 * Versioned SQL scripts applied in order, each in one transaction, recorded with its checksum in
 * {@code schema_history}. A changed script that was already applied is refused: history is not rewritten.
 * (Flyway 10+/11 was not used: it discovers its per-database plugins by ServiceLoader and scans for
 * scripts through class loaders, both of which need extra wiring inside OSGi; see the module README.)
 */
public final class Migrator {
    /** The scripts, oldest first; a new version is a new file added here. */
    static final List<String> SCRIPTS = List.of("V1__recordings.sql");

    private Migrator() {
    }

    /** @return how many scripts were applied now */
    public static int migrate(Connection c, Dialect dialect) throws SQLException {
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(false);
        try {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE IF NOT EXISTS schema_history (version INT PRIMARY KEY, script VARCHAR(200) NOT NULL, "
                        + "checksum VARCHAR(64) NOT NULL, applied_epoch_millis BIGINT NOT NULL)");
            }
            c.commit();
            int applied = 0;
            for (int v = 1; v <= SCRIPTS.size(); v++) {
                String name = SCRIPTS.get(v - 1);
                String sql = read(name);
                String sum = sha256(sql);
                String known = null;
                try (PreparedStatement q = c.prepareStatement("SELECT checksum FROM schema_history WHERE version = ?")) {
                    q.setInt(1, v);
                    try (ResultSet r = q.executeQuery()) {
                        if (r.next()) known = r.getString(1);
                    }
                }
                if (known != null) {
                    if (!known.equals(sum))
                        throw new SQLException("migration " + name + " changed after it was applied (checksum " + known + " in the database, " + sum
                                + " now); add a new version instead of editing an applied one");
                    continue;
                }
                try (Statement s = c.createStatement()) {
                    for (String stmt : dialect.substitute(sql).split(";\\s*\\n")) {
                        String body = stripComments(stmt);
                        if (!body.isBlank()) s.execute(body);
                    }
                }
                try (PreparedStatement ins = c.prepareStatement("INSERT INTO schema_history (version, script, checksum, applied_epoch_millis) VALUES (?,?,?,?)")) {
                    ins.setInt(1, v);
                    ins.setString(2, name);
                    ins.setString(3, sum);
                    ins.setLong(4, System.currentTimeMillis());
                    ins.executeUpdate();
                }
                c.commit();
                applied++;
            }
            return applied;
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(auto);
        }
    }

    private static String stripComments(String stmt) {
        StringBuilder b = new StringBuilder();
        for (String line : stmt.split("\n")) if (!line.strip().startsWith("--")) b.append(line).append('\n');
        return b.toString().strip().replaceAll(";$", "");
    }

    private static String read(String name) throws SQLException {
        try (InputStream in = Migrator.class.getResourceAsStream("migrations/" + name)) {
            if (in == null) throw new SQLException("migration script " + name + " is missing from the bundle");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new SQLException("cannot read migration " + name + ": " + e.getMessage(), e);
        }
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
