package org.neurolab.recording.internal.store;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.HexFormat;

/**
 * What the pre-Flyway migrator (removed) left in a lab's store: the V1 script applied statement by statement,
 * recorded in its own {@code schema_history} table with the script's SHA-256. Tests make such a store to show
 * that an old lab's data folder still opens.
 */
final class LegacySchema {
    private LegacySchema() {
    }

    static void create(Connection c, Dialect dialect) throws Exception {
        String sql;
        try (InputStream in = LegacySchema.class.getResourceAsStream("migrations/V1__recordings.sql")) {
            sql = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        String body = sql;
        for (var e : dialect.placeholders().entrySet()) body = body.replace("${" + e.getKey() + "}", e.getValue());
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS schema_history (version INT PRIMARY KEY, script VARCHAR(200) NOT NULL, "
                    + "checksum VARCHAR(64) NOT NULL, applied_epoch_millis BIGINT NOT NULL)");
            for (String stmt : body.split(";\\s*\\n")) {
                StringBuilder b = new StringBuilder();
                for (String line : stmt.split("\n")) if (!line.strip().startsWith("--")) b.append(line).append('\n');
                String one = b.toString().strip().replaceAll(";$", "");
                if (!one.isBlank()) s.execute(one);
            }
        }
        try (PreparedStatement ins = c.prepareStatement("INSERT INTO schema_history (version, script, checksum, applied_epoch_millis) VALUES (?,?,?,?)")) {
            ins.setInt(1, 1);
            ins.setString(2, "V1__recordings.sql");
            ins.setString(3, HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(sql.getBytes(StandardCharsets.UTF_8))));
            ins.setLong(4, System.currentTimeMillis());
            ins.executeUpdate();
        }
        if (!c.getAutoCommit()) c.commit();
    }
}
