package org.neurolab.recording.internal.store;

import java.sql.SQLException;
import org.neurolab.testsupport.TestDatabase;

/** A fresh recording database for one test ({@link TestDatabase}: an H2 file, or a schema of the test PostgreSQL), dropped afterwards. */
public final class StoreTarget implements AutoCloseable {
    public final String url;
    public final String user;
    private final TestDatabase db;

    private StoreTarget(TestDatabase db) {
        this.db = db;
        this.url = db.url();
        this.user = db.user();
    }

    public static StoreTarget create(Dialect d) throws Exception {
        return new StoreTarget(d == Dialect.H2 ? TestDatabase.h2(dir -> RecordingStore.h2Url(dir.resolve("recordings"))) : TestDatabase.postgres("nl_test_"));
    }

    public RecordingStore open() throws SQLException {
        return RecordingStore.open(url, user, "");
    }

    @Override
    public void close() throws Exception {
        db.close();
    }
}
