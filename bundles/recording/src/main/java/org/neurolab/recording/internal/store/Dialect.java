package org.neurolab.recording.internal.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.Properties;

/** The two databases the store runs on, and how to reach their drivers inside OSGi (no DriverManager). */
public enum Dialect {
    H2(Map.of("binary", "VARBINARY", "text", "CHARACTER LARGE OBJECT")),
    POSTGRES(Map.of("binary", "BYTEA", "text", "TEXT"));

    private final Map<String, String> types;

    Dialect(Map<String, String> types) {
        this.types = types;
    }

    public static Dialect of(String jdbcUrl) {
        if (jdbcUrl.startsWith("jdbc:h2:")) return H2;
        if (jdbcUrl.startsWith("jdbc:postgresql:")) return POSTGRES;
        throw new IllegalArgumentException("unsupported database URL '" + jdbcUrl + "': use jdbc:h2:file:... or jdbc:postgresql://host/db");
    }

    /** Values of the migration scripts' placeholders ({@code ${binary}}, {@code ${text}}) on this database. */
    Map<String, String> placeholders() {
        return types;
    }

    /** Opens a connection with the driver class directly: inside OSGi DriverManager cannot see driver bundles. */
    public Connection connect(String url, String user, String password) throws SQLException {
        Properties p = new Properties();
        if (user != null && !user.isEmpty()) p.setProperty("user", user);
        if (password != null && !password.isEmpty()) p.setProperty("password", password);
        Connection c = switch (this) {
            case H2 -> new org.h2.Driver().connect(url, p);
            case POSTGRES -> new org.postgresql.Driver().connect(url, p);
        };
        if (c == null) throw new SQLException("the driver did not accept " + url);
        return c;
    }

    /** The driver's own DataSource (Flyway wants one); built from the driver's class, as DriverManager cannot see driver bundles. */
    public javax.sql.DataSource dataSource(String url, String user, String password) {
        return switch (this) {
            case H2 -> {
                org.h2.jdbcx.JdbcDataSource ds = new org.h2.jdbcx.JdbcDataSource();
                ds.setURL(url);
                ds.setUser(user == null ? "" : user);
                ds.setPassword(password == null ? "" : password);
                yield ds;
            }
            case POSTGRES -> {
                org.postgresql.ds.PGSimpleDataSource ds = new org.postgresql.ds.PGSimpleDataSource();
                ds.setURL(url);
                if (user != null && !user.isEmpty()) ds.setUser(user);
                if (password != null && !password.isEmpty()) ds.setPassword(password);
                yield ds;
            }
        };
    }
}
