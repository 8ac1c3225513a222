package org.neurolab.scheduling.internal;

import java.io.IOException;
import java.sql.SQLException;
import org.neurolab.testsupport.TestDatabase;

/** A fresh schedule database for one test ({@link TestDatabase}: an H2 file, or a schema of the test PostgreSQL), dropped afterwards. */
final class ScheduleTarget implements AutoCloseable {
    private final TestDatabase db;

    private ScheduleTarget(TestDatabase db) {
        this.db = db;
    }

    static ScheduleTarget create(Dialect d) throws IOException {
        return new ScheduleTarget(d == Dialect.H2 ? TestDatabase.h2(dir -> Dialect.h2Url(dir.resolve("schedule"))) : TestDatabase.postgres("nl_sched_"));
    }

    ScheduleStore open() throws SQLException {
        return ScheduleStore.open(db.url(), db.user(), "");
    }

    @Override
    public void close() throws SQLException, IOException {
        db.close();
    }
}
