package org.neurolab.recording.internal.store;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * The store's one schema, kept by Flyway: versioned scripts in {@code migrations/} (same scripts on H2 and
 * PostgreSQL; {@code ${binary}} and {@code ${text}} are the only dialect differences), history in
 * {@code recording_schema_history}.
 *
 * <p>Flyway inside OSGi (it is no bundle): the recording bundle embeds flyway-core and flyway-database-postgresql
 * as jars on its Bundle-ClassPath (see bnd.bnd), so Flyway's ServiceLoader lookup of its database plugins uses
 * the bundle's class loader and finds both jars' {@code META-INF/services} files; Flyway is configured with
 * that class loader and an explicit {@code classpath:} location, which its OSGi scanner resolves inside this
 * bundle ({@code bundle://} URLs). Our own history table name lets other bundles keep their own Flyway history
 * in the same database, and {@code baselineOnMigrate} at version 0 lets the schema be shared with them.
 *
 * <p>Stores made before Flyway (the home-made migrator's {@code schema_history} table) are baselined at the
 * version that migrator had applied, so their data stays and later versions apply on top.
 */
public final class SchemaMigrations {
    static final String HISTORY_TABLE = "recording_schema_history";
    static final String LOCATION = "classpath:org/neurolab/recording/internal/store/migrations";
    private static final String LEGACY_TABLE = "schema_history";

    private SchemaMigrations() {
    }

    /** Brings the database to the newest schema. @return how many scripts were applied now */
    public static int migrate(Dialect dialect, String url, String user, String password) throws SQLException {
        DataSource ds = dialect.dataSource(url, user, password);
        Integer legacy = legacyVersion(ds);
        try {
            if (legacy != null && !hasTable(ds, HISTORY_TABLE)) {
                flyway(ds, dialect, Integer.toString(legacy), "store made by the pre-Flyway migrator (schema_history)").baseline();
            }
            MigrateResult r = flyway(ds, dialect, "0", "empty recording schema").migrate();
            return r.migrationsExecuted;
        } catch (FlywayException e) {
            throw new SQLException("the recording store's schema could not be migrated: " + e.getMessage(), e);
        }
    }

    private static Flyway flyway(DataSource ds, Dialect dialect, String baselineVersion, String baselineDescription) {
        return Flyway.configure(SchemaMigrations.class.getClassLoader())
                .dataSource(ds)
                .loggers("slf4j")
                .locations(LOCATION)
                .failOnMissingLocations(true)
                .table(HISTORY_TABLE)
                .placeholders(dialect.placeholders())
                .baselineOnMigrate(true)
                .baselineVersion(baselineVersion)
                .baselineDescription(baselineDescription)
                .load();
    }

    /** The newest version the pre-Flyway migrator applied, or null when there is no such table. */
    private static Integer legacyVersion(DataSource ds) throws SQLException {
        if (!hasTable(ds, LEGACY_TABLE)) return null;
        try (Connection c = ds.getConnection(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT MAX(version) FROM " + LEGACY_TABLE + " WHERE script LIKE 'V%.sql' AND checksum IS NOT NULL")) {
            r.next();
            int v = r.getInt(1);
            return r.wasNull() ? null : v;
        } catch (SQLException e) {
            return null; // a table of that name that is not the old migrator's: not ours to interpret
        }
    }

    private static boolean hasTable(DataSource ds, String table) throws SQLException {
        try (Connection c = ds.getConnection()) {
            DatabaseMetaData md = c.getMetaData();
            String schema = c.getSchema();
            for (String name : new String[]{table, table.toUpperCase(java.util.Locale.ROOT)}) {
                try (ResultSet r = md.getTables(null, schema, name, new String[]{"TABLE", "BASE TABLE"})) {
                    if (r.next()) return true;
                }
            }
            return false;
        }
    }
}
