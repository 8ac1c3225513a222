package org.neurolab.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class TestDatabaseTest {
    @Test
    void an_h2_database_lives_in_a_folder_of_its_own_that_closing_removes() throws Exception {
        Path[] folder = new Path[1];
        TestDatabase db = TestDatabase.h2(dir -> {
            folder[0] = dir;
            return "jdbc:h2:file:" + dir.resolve("x");
        });
        assertEquals("jdbc:h2:file:" + folder[0].resolve("x"), db.url());
        Files.writeString(folder[0].resolve("x.mv.db"), "as if H2 had written it");
        db.close();
        assertFalse(Files.exists(folder[0]));
    }

    @Test
    void a_postgres_database_is_a_schema_of_its_own_that_closing_drops() throws Exception {
        String schema;
        try (TestDatabase db = TestDatabase.postgres("nl_support_")) {
            schema = db.url().substring(db.url().indexOf("currentSchema=") + "currentSchema=".length());
            try (Connection c = connect(db.url()); Statement s = c.createStatement()) {
                s.execute("CREATE TABLE t (x INT)"); // lands in the test's schema
            }
            assertTrue(schemaExists(schema));
        }
        assertFalse(schemaExists(schema), "the schema is gone after close");
    }

    @Test
    void a_schema_prefix_that_is_not_a_plain_name_is_refused() {
        assertThrows(IllegalArgumentException.class, () -> TestDatabase.postgres("x; DROP"));
    }

    private static boolean schemaExists(String schema) throws Exception {
        try (Connection c = connect(TestDatabase.PG_BASE); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT count(*) FROM information_schema.schemata WHERE schema_name = '" + schema + "'")) {
            r.next();
            return r.getInt(1) == 1;
        }
    }

    private static Connection connect(String url) throws Exception {
        Properties p = new Properties();
        p.setProperty("user", TestDatabase.PG_USER);
        return new org.postgresql.Driver().connect(url, p);
    }
}
