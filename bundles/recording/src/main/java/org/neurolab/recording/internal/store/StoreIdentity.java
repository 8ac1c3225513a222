package org.neurolab.recording.internal.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;

/** The store's id: one row, made by whichever runtime opens the store first (two opening one PostgreSQL at once agree on one). */
final class StoreIdentity {
    private StoreIdentity() {
    }

    static String ensure(Connection writer) throws SQLException {
        for (int attempt = 0; attempt < 3; attempt++) {
            try (PreparedStatement s = writer.prepareStatement("SELECT store_id FROM store_identity ORDER BY created_epoch_millis, store_id");
                 ResultSet r = s.executeQuery()) {
                if (r.next()) {
                    String id = r.getString(1);
                    writer.commit();
                    return id;
                }
            }
            try (PreparedStatement s = writer.prepareStatement("INSERT INTO store_identity (store_id, created_epoch_millis) "
                    + "SELECT ?, ? WHERE NOT EXISTS (SELECT 1 FROM store_identity)")) {
                s.setString(1, "store-" + UUID.randomUUID());
                s.setLong(2, System.currentTimeMillis());
                s.executeUpdate();
                writer.commit();
            } catch (SQLException e) { // another runtime made it at the same moment: read theirs
                writer.rollback();
            }
        }
        throw new SQLException("the store's identity (table store_identity) could neither be read nor made");
    }
}
