package org.neurolab.scheduling.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.ResourceProvider;
import org.flywaydb.core.api.resource.LoadableResource;

/**
 * Keeps the schema with Flyway. Flyway is embedded in this bundle (it is not an OSGi bundle), and inside OSGi its
 * class-path scanner cannot list a bundle's entries, so the migrations are handed to it by name through a
 * {@link ResourceProvider} reading them from this bundle's class loader; Java migrations are switched off the same way.
 */
final class Migrations {
    /** Every migration, in order. A new one is added here and as a file beside this class under db/. */
    static final List<String> FILES = List.of("V1__reservations_queue_maintenance.sql");
    static final String HISTORY_TABLE = "scheduling_schema_history";

    private Migrations() {
    }

    static int migrate(Dialect dialect, String url, String user, String password) {
        DataSource ds = dialect.dataSource(url, user, password);
        Flyway flyway = Flyway.configure(Migrations.class.getClassLoader())
                .dataSource(ds)
                .table(HISTORY_TABLE)
                // the lab's other bundles (recordings) may keep their tables in the same database/schema: start our
                // history at 0 there instead of refusing a "non-empty schema without history"
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .resourceProvider(new BundleResources())
                .javaMigrationClassProvider(List::of)
                .failOnMissingLocations(false)
                .load();
        return flyway.migrate().migrationsExecuted;
    }

    /** The migrations in this bundle, by file name. */
    private static final class BundleResources implements ResourceProvider {
        @Override
        public LoadableResource getResource(String name) {
            String file = name.substring(name.lastIndexOf('/') + 1);
            return FILES.contains(file) ? new Sql(file) : null;
        }

        @Override
        public Collection<LoadableResource> getResources(String prefix, String[] suffixes) {
            List<LoadableResource> out = new ArrayList<>();
            for (String f : FILES) {
                if (!f.startsWith(prefix)) continue;
                for (String s : suffixes) {
                    if (f.endsWith(s)) {
                        out.add(new Sql(f));
                        break;
                    }
                }
            }
            return out;
        }
    }

    private static final class Sql extends LoadableResource {
        private final String file;

        Sql(String file) {
            this.file = file;
        }

        @Override
        public Reader read() {
            try (InputStream in = Migrations.class.getResourceAsStream("db/" + file)) {
                if (in == null) throw new IllegalStateException("migration db/" + file + " is missing from the scheduling bundle");
                return new StringReader(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public String getAbsolutePath() {
            return "org/neurolab/scheduling/internal/db/" + file;
        }

        @Override
        public String getAbsolutePathOnDisk() {
            return getAbsolutePath();
        }

        @Override
        public String getFilename() {
            return file;
        }

        @Override
        public String getRelativePath() {
            return file;
        }
    }

}
