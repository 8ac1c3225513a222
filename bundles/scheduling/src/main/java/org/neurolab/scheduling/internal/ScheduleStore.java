package org.neurolab.scheduling.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import java.util.Optional;
import java.util.TreeSet;
import org.neurolab.scheduling.MaintenanceJob;
import org.neurolab.scheduling.QueueEvent;
import org.neurolab.scheduling.QueueState;
import org.neurolab.scheduling.QueuedRun;
import org.neurolab.scheduling.Reservation;
import org.neurolab.scheduling.ReservationState;
import org.neurolab.scheduling.TargetKind;

/**
 * Reservations, the queue and maintenance schedules in one database (H2 file or PostgreSQL), times in UTC. One
 * connection per store, used by one thread at a time; bookings run in a transaction holding the lock rows of their
 * array and user, so that stores in different runtimes on one PostgreSQL cannot double-book.
 */
final class ScheduleStore implements AutoCloseable {
    /** What a booking transaction sees after taking its locks; the checker throws to refuse. */
    record BookingView(List<Reservation> overlappingOnMea, List<Reservation> usersOpen, List<MaintenanceJob> jobsOnMea) {
    }

    interface BookingCheck {
        void check(BookingView view);
    }

    record NewReservation(String user, TargetKind kind, String target, String meaId, Instant start, Instant end, String purpose, Instant createdAt) {
    }

    private final Dialect dialect;
    private final Connection connection;

    private ScheduleStore(Dialect dialect, Connection connection) {
        this.dialect = dialect;
        this.connection = connection;
    }

    static ScheduleStore open(String url, String user, String password) throws SQLException {
        Dialect d = Dialect.of(url);
        Migrations.migrate(d, url, user, password);
        Connection c = d.connect(url, user, password);
        c.setAutoCommit(true);
        c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
        return new ScheduleStore(d, c);
    }

    Dialect dialect() {
        return dialect;
    }

    @Override
    public synchronized void close() throws SQLException {
        connection.close();
    }

    // ---- reservations ------------------------------------------------------------------------------------

    /** Locks the array's and the user's rows, lets {@code check} look at what is there, then inserts. */
    synchronized Reservation book(NewReservation r, BookingCheck check) throws SQLException {
        TreeSet<String> keys = new TreeSet<>(List.of("mea:" + r.meaId(), "user:" + r.user()));
        for (String k : keys) ensureLockRow(k);
        connection.setAutoCommit(false);
        try {
            lock(keys);
            List<Reservation> overlapping = reservationsWhere("state = 'BOOKED' AND mea_id = ? AND starts_at < ? AND ends_at > ?",
                    r.meaId(), utc(r.end()), utc(r.start()));
            List<Reservation> open = reservationsWhere("state = 'BOOKED' AND user_name = ? AND ends_at > ?", r.user(), utc(r.createdAt()));
            check.check(new BookingView(overlapping, open, jobsWhere("mea_id = ?", r.meaId())));
            long id;
            try (PreparedStatement s = connection.prepareStatement("INSERT INTO reservation (user_name, kind, target, mea_id, starts_at, ends_at, purpose, state, created_at) "
                    + "VALUES (?,?,?,?,?,?,?,'BOOKED',?)", Statement.RETURN_GENERATED_KEYS)) {
                bind(s, r.user(), r.kind().name(), r.target(), r.meaId(), utc(r.start()), utc(r.end()), r.purpose(), utc(r.createdAt()));
                s.executeUpdate();
                id = generatedId(s);
            }
            connection.commit();
            return new Reservation(id, r.user(), r.kind(), r.target(), r.meaId(), r.start(), r.end(), r.purpose(), ReservationState.BOOKED, r.createdAt(), "");
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(true);
        }
    }

    /** The lock row must exist before it can be locked; two runtimes creating it at once is harmless. */
    private void ensureLockRow(String key) throws SQLException {
        try (PreparedStatement s = connection.prepareStatement("SELECT 1 FROM schedule_lock WHERE lock_key = ?")) {
            s.setString(1, key);
            try (ResultSet rs = s.executeQuery()) {
                if (rs.next()) return;
            }
        }
        try (PreparedStatement s = connection.prepareStatement("INSERT INTO schedule_lock (lock_key) VALUES (?)")) {
            s.setString(1, key);
            s.executeUpdate();
        } catch (SQLException e) {
            // another runtime inserted it in the meantime: that is all we wanted
            if (!"23505".equals(e.getSQLState())) throw e;
        }
    }

    private void lock(TreeSet<String> keys) throws SQLException {
        for (String k : keys) { // in key order, so two bookers never wait on each other crosswise
            try (PreparedStatement s = connection.prepareStatement("SELECT lock_key FROM schedule_lock WHERE lock_key = ? FOR UPDATE")) {
                s.setString(1, k);
                try (ResultSet rs = s.executeQuery()) {
                    if (!rs.next()) throw new SQLException("lock row " + k + " vanished");
                }
            }
        }
    }

    synchronized boolean cancelReservation(long id, String by) throws SQLException {
        try (PreparedStatement s = connection.prepareStatement("UPDATE reservation SET state = 'CANCELLED', cancelled_by = ? WHERE id = ? AND state = 'BOOKED'")) {
            bind(s, by, id);
            return s.executeUpdate() == 1;
        }
    }

    synchronized Optional<Reservation> reservation(long id) throws SQLException {
        return reservationsWhere("id = ?", id).stream().findFirst();
    }

    /** Booked reservations overlapping [from, to), by start. */
    synchronized List<Reservation> reservations(Instant from, Instant to) throws SQLException {
        return reservationsWhere("state = 'BOOKED' AND starts_at < ? AND ends_at > ?", utc(to), utc(from));
    }

    private List<Reservation> reservationsWhere(String where, Object... args) throws SQLException {
        List<Reservation> out = new ArrayList<>();
        try (PreparedStatement s = connection.prepareStatement("SELECT id, user_name, kind, target, mea_id, starts_at, ends_at, purpose, state, created_at, cancelled_by "
                + "FROM reservation WHERE " + where + " ORDER BY starts_at, id")) {
            bind(s, args);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next())
                    out.add(new Reservation(rs.getLong(1), rs.getString(2), TargetKind.valueOf(rs.getString(3)), rs.getString(4), rs.getString(5),
                            instant(rs, 6), instant(rs, 7), rs.getString(8), ReservationState.valueOf(rs.getString(9)), instant(rs, 10), rs.getString(11)));
            }
        }
        return out;
    }

    // ---- queue --------------------------------------------------------------------------------------------

    synchronized long insertQueued(long reservationId, String user, String scriptName, String code, String sha256, long estimatedLabMicros, Instant at)
            throws SQLException {
        long id;
        try (PreparedStatement s = connection.prepareStatement("INSERT INTO queued_run (reservation_id, user_name, script_name, script_code, script_sha256, state, "
                + "submitted_at, estimated_lab_micros) VALUES (?,?,?,?,?,'WAITING',?,?)", Statement.RETURN_GENERATED_KEYS)) {
            bind(s, reservationId, user, scriptName, code, sha256, utc(at), estimatedLabMicros);
            s.executeUpdate();
            id = generatedId(s);
        }
        addEvent(id, at, "submitted", "estimated " + Duration.ofNanos(estimatedLabMicros * 1000) + " of lab time");
        return id;
    }

    /** Takes a waiting run for this runtime; false if another runtime (or a cancel) got there first. */
    synchronized boolean claim(long id, String runtimeId, Instant at) throws SQLException {
        try (PreparedStatement s = connection.prepareStatement("UPDATE queued_run SET state = 'RUNNING', runtime_id = ?, started_at = ? WHERE id = ? AND state = 'WAITING'")) {
            bind(s, runtimeId, utc(at), id);
            return s.executeUpdate() == 1;
        }
    }

    synchronized void setRunId(long id, String runId) throws SQLException {
        try (PreparedStatement s = connection.prepareStatement("UPDATE queued_run SET run_id = ? WHERE id = ?")) {
            bind(s, runId, id);
            s.executeUpdate();
        }
    }

    /** Moves a run on, unless it has already reached a final state; records the event. False if it had. */
    synchronized boolean transition(long id, QueueState to, String event, String detail, Instant at) throws SQLException {
        String finals = String.join(",", java.util.Arrays.stream(QueueState.values()).filter(QueueState::isFinal).map(q -> "'" + q.name() + "'").toList());
        try (PreparedStatement s = connection.prepareStatement("UPDATE queued_run SET state = ?, detail = ?"
                + (to.isFinal() ? ", ended_at = ?" : "") + " WHERE id = ? AND state NOT IN (" + finals + ")")) {
            if (to.isFinal()) bind(s, to.name(), clip(detail), utc(at), id);
            else bind(s, to.name(), clip(detail), id);
            if (s.executeUpdate() != 1) return false;
        }
        addEvent(id, at, event, detail);
        return true;
    }

    synchronized void addEvent(long id, Instant at, String event, String detail) throws SQLException {
        try (PreparedStatement s = connection.prepareStatement("INSERT INTO queue_event (queued_run_id, occurred_at, event, detail) VALUES (?,?,?,?)")) {
            bind(s, id, utc(at), event, clip(detail));
            s.executeUpdate();
        }
    }

    /** Runs this runtime had going when it stopped: marked interrupted, never retried. */
    synchronized List<Long> interruptLeftovers(String runtimeId, Instant at) throws SQLException {
        List<Long> ids = new ArrayList<>();
        try (PreparedStatement s = connection.prepareStatement("SELECT id FROM queued_run WHERE runtime_id = ? AND state IN ('RUNNING','SUSPENDED')")) {
            s.setString(1, runtimeId);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) ids.add(rs.getLong(1));
            }
        }
        for (long id : ids) transition(id, QueueState.INTERRUPTED, "interrupted", "the lab stopped while this run was going; it is not retried: submit it again", at);
        return ids;
    }

    synchronized Optional<QueuedRun> queued(long id) throws SQLException {
        return queuedWhere("id = ?", id).stream().findFirst();
    }

    synchronized List<QueuedRun> queue() throws SQLException {
        return queuedWhere("1 = 1");
    }

    /** Runs not yet final, oldest first. */
    synchronized List<QueuedRun> open() throws SQLException {
        return queuedWhere("state IN ('WAITING','RUNNING','SUSPENDED')").reversed();
    }

    synchronized String code(long id) throws SQLException {
        try (PreparedStatement s = connection.prepareStatement("SELECT script_code FROM queued_run WHERE id = ?")) {
            s.setLong(1, id);
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) throw new SQLException("no queued run " + id);
                return rs.getString(1);
            }
        }
    }

    private List<QueuedRun> queuedWhere(String where, Object... args) throws SQLException {
        List<Object[]> rows = new ArrayList<>();
        try (PreparedStatement s = connection.prepareStatement("SELECT id, reservation_id, user_name, script_name, script_sha256, state, submitted_at, started_at, "
                + "ended_at, estimated_lab_micros, run_id, detail FROM queued_run WHERE " + where + " ORDER BY id DESC")) {
            bind(s, args);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next())
                    rows.add(new Object[]{rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6), instant(rs, 7),
                            instant(rs, 8), instant(rs, 9), rs.getLong(10), rs.getString(11), rs.getString(12)});
            }
        }
        List<QueuedRun> out = new ArrayList<>();
        for (Object[] r : rows)
            out.add(new QueuedRun((Long) r[0], (Long) r[1], (String) r[2], (String) r[3], (String) r[4], QueueState.valueOf((String) r[5]), (Instant) r[6],
                    (Instant) r[7], (Instant) r[8], (Long) r[9], (String) r[10], (String) r[11], events((Long) r[0])));
        return out;
    }

    private List<QueueEvent> events(long id) throws SQLException {
        List<QueueEvent> out = new ArrayList<>();
        try (PreparedStatement s = connection.prepareStatement("SELECT occurred_at, event, detail FROM queue_event WHERE queued_run_id = ? ORDER BY seq")) {
            s.setLong(1, id);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) out.add(new QueueEvent(instant(rs, 1), rs.getString(2), rs.getString(3)));
            }
        }
        return out;
    }

    // ---- maintenance ----------------------------------------------------------------------------------------

    synchronized MaintenanceJob insertJob(String task, String organoidId, String meaId, Instant firstAt, Duration every, Duration window, Instant nextAt)
            throws SQLException {
        long id;
        try (PreparedStatement s = connection.prepareStatement("INSERT INTO maintenance_job (task, organoid_id, mea_id, first_at, every_seconds, window_seconds, next_at) "
                + "VALUES (?,?,?,?,?,?,?)", Statement.RETURN_GENERATED_KEYS)) {
            bind(s, task, organoidId, meaId, utc(firstAt), every.toSeconds(), window.toSeconds(), utc(nextAt));
            s.executeUpdate();
            id = generatedId(s);
        }
        return jobsWhere("id = ?", id).getFirst();
    }

    synchronized boolean deleteJob(long id) throws SQLException {
        try (PreparedStatement s = connection.prepareStatement("DELETE FROM maintenance_job WHERE id = ?")) {
            s.setLong(1, id);
            return s.executeUpdate() == 1;
        }
    }

    synchronized List<MaintenanceJob> jobs() throws SQLException {
        return jobsWhere("1 = 1");
    }

    /** Records a run of the job and moves its next occurrence on; false if another runtime already did (it ran there). */
    synchronized boolean jobDone(long id, Instant expectedNext, Instant next, Instant ranAt, String outcome) throws SQLException {
        try (PreparedStatement s = connection.prepareStatement("UPDATE maintenance_job SET next_at = ?, last_run_at = ?, last_outcome = ? WHERE id = ? AND next_at = ?")) {
            bind(s, utc(next), utc(ranAt), clip(outcome), id, utc(expectedNext));
            return s.executeUpdate() == 1;
        }
    }

    synchronized void jobOutcome(long id, String outcome) throws SQLException {
        try (PreparedStatement s = connection.prepareStatement("UPDATE maintenance_job SET last_outcome = ? WHERE id = ?")) {
            bind(s, clip(outcome), id);
            s.executeUpdate();
        }
    }

    private List<MaintenanceJob> jobsWhere(String where, Object... args) throws SQLException {
        List<MaintenanceJob> out = new ArrayList<>();
        try (PreparedStatement s = connection.prepareStatement("SELECT id, task, organoid_id, mea_id, first_at, every_seconds, window_seconds, next_at, last_run_at, "
                + "last_outcome FROM maintenance_job WHERE " + where + " ORDER BY id")) {
            bind(s, args);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next())
                    out.add(new MaintenanceJob(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), instant(rs, 5), Duration.ofSeconds(rs.getLong(6)),
                            Duration.ofSeconds(rs.getLong(7)), instant(rs, 8), instant(rs, 9), rs.getString(10), ""));
            }
        }
        return out;
    }

    // ---- helpers --------------------------------------------------------------------------------------------

    private static OffsetDateTime utc(Instant i) {
        return i == null ? null : OffsetDateTime.ofInstant(i, ZoneOffset.UTC);
    }

    private static Instant instant(ResultSet rs, int col) throws SQLException {
        OffsetDateTime t = rs.getObject(col, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    private static void bind(PreparedStatement s, Object... args) throws SQLException {
        for (int i = 0; i < args.length; i++) s.setObject(i + 1, args[i]);
    }

    private static long generatedId(PreparedStatement s) throws SQLException {
        try (ResultSet keys = s.getGeneratedKeys()) {
            if (!keys.next()) throw new SQLException("the database returned no id");
            return keys.getLong(1);
        }
    }

    private static String clip(String s) {
        if (s == null) return "";
        return s.length() <= 4000 ? s : s.substring(0, 3997) + "...";
    }

}
