package org.neurolab.scheduling.internal;

import java.sql.SQLException;

/** The scheduler's calls into its store: an {@link SQLException} becomes an unchecked failure naming the database. */
final class StoreCalls {
    private StoreCalls() {
    }

    @FunctionalInterface
    interface StoreWork<T> {
        T run() throws SQLException;
    }

    static <T> T db(StoreWork<T> work) {
        try {
            return work.run();
        } catch (SQLException e) {
            throw new IllegalStateException("the schedule's database failed: " + e.getMessage(), e);
        }
    }
}
