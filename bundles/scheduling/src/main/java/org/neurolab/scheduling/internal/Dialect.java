package org.neurolab.scheduling.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Properties;

/** The two databases the schedule runs on, reached through their driver classes (no DriverManager inside OSGi). */
enum Dialect {
    H2, POSTGRES;

    static Dialect of(String jdbcUrl) {
        if (jdbcUrl.startsWith("jdbc:h2:")) return H2;
        if (jdbcUrl.startsWith("jdbc:postgresql:")) return POSTGRES;
        throw new IllegalArgumentException("unsupported database URL '" + jdbcUrl + "': use jdbc:h2:file:... or jdbc:postgresql://host/db");
    }

    Connection connect(String url, String user, String password) throws SQLException {
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

    static String h2Url(java.nio.file.Path fileWithoutSuffix) {
        return "jdbc:h2:file:" + fileWithoutSuffix.toAbsolutePath() + ";WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE";
    }

    /** The driver's own DataSource (Flyway wants one); built from the driver's class, as DriverManager cannot see driver bundles. */
    javax.sql.DataSource dataSource(String url, String user, String password) {
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
