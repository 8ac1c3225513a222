package org.neurolab.recording.internal.store;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.neurolab.recording.Acknowledged;
import org.neurolab.recording.DoseRecord;
import org.neurolab.recording.RecordingGap;
import org.neurolab.recording.RecordingInfo;
import org.neurolab.recording.RecordingProvenance;
import org.neurolab.recording.RecordingState;
import org.neurolab.recording.RunRecord;
import org.neurolab.recording.SpikeQuery;
import org.neurolab.recording.StoredSpike;
import org.neurolab.recording.StoredStimulation;
import org.neurolab.recording.TelemetryRecord;
import org.neurolab.recording.stream.SpikeEvents;
import org.neurolab.recording.stream.StimulationEvents;

/**
 * The recording database, H2 or PostgreSQL, with the same schema. One connection writes (the recording's writer
 * thread, in batches, one transaction per flush); another answers queries. Thread-safe.
 */
public final class RecordingStore implements AutoCloseable {
    /** Maps an electrode of an array to the recorded organoid over it; null when it is no recorded culture's (then nothing of it is stored). */
    public interface OrganoidMap {
        String organoidOf(String meaId, int electrode);
    }

    private final Dialect dialect;
    private final String url;
    private final Connection writer;
    private final Connection reader;
    private final String user;
    private final String password;
    private final String storeId;

    private RecordingStore(Dialect dialect, String url, String user, String password, Connection writer, Connection reader) throws SQLException {
        this.dialect = dialect;
        this.url = url;
        this.user = user;
        this.password = password;
        this.writer = writer;
        this.reader = reader;
        this.storeId = StoreIdentity.ensure(writer);
    }

    /** Opens (and migrates) the store at {@code url}. */
    public static RecordingStore open(String url, String user, String password) throws SQLException {
        Dialect d = Dialect.of(url);
        String u = d == Dialect.POSTGRES && !url.contains("reWriteBatchedInserts") ? url + (url.contains("?") ? "&" : "?") + "reWriteBatchedInserts=true" : url;
        SchemaMigrations.migrate(d, u, user, password);
        Connection w = d.connect(u, user, password);
        try {
            w.setAutoCommit(false);
            Connection r = d.connect(u, user, password);
            r.setAutoCommit(true);
            try {
                return new RecordingStore(d, u, user, password, w, r);
            } catch (SQLException | RuntimeException e) {
                r.close();
                throw e;
            }
        } catch (SQLException | RuntimeException e) {
            w.close();
            throw e;
        }
    }

    /** The embedded default: an H2 file; a commit reaches the file before it returns (WRITE_DELAY=0), so a killed lab loses nothing acknowledged. */
    public static String h2Url(java.nio.file.Path fileWithoutSuffix) {
        // DB_CLOSE_ON_EXIT=FALSE: the lab closes the store itself after the last commit, not H2's shutdown hook before it
        return "jdbc:h2:file:" + fileWithoutSuffix.toAbsolutePath() + ";WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE";
    }

    public Dialect dialect() {
        return dialect;
    }

    public String url() {
        return url;
    }

    /** This store's identity (one row in the database, made when it was first opened); raw folders carry it. */
    public String storeId() {
        return storeId;
    }

    // ---- writes ---------------------------------------------------------------------------------------

    public long createRecording(long startedMicros, long epochMillis, List<String> meaIds, List<String> organoidIds, boolean raw,
                                RecordingProvenance p, String detection) throws SQLException {
        return createRecording(startedMicros, epochMillis, meaIds, organoidIds, raw, p, detection, null, null);
    }

    /**
     * A new recording, RUNNING, of {@code labId}'s; its raw folder is {@code <store id>/<id>} under the raw root.
     */
    public synchronized long createRecording(long startedMicros, long epochMillis, List<String> meaIds, List<String> organoidIds, boolean raw,
                                             RecordingProvenance p, String detection, String owner, String labId) throws SQLException {
        try (PreparedStatement s = writer.prepareStatement("INSERT INTO recordings (started_micros, started_epoch_millis, mea_ids, organoid_ids, raw_traces, "
                + "run_id, script_hash, rig_configuration, driver_versions, policy_set_hash, simulator_seed, detection, state, owner, lab_id, last_seen_micros, "
                + "last_seen_epoch_millis) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,'RUNNING',?,?,?,?)",
                Statement.RETURN_GENERATED_KEYS)) {
            s.setLong(1, startedMicros);
            s.setLong(2, epochMillis);
            s.setString(3, String.join(",", meaIds));
            s.setString(4, String.join(",", organoidIds));
            s.setBoolean(5, raw);
            s.setString(6, p.runId());
            s.setString(7, p.scriptHash());
            s.setString(8, p.rigConfiguration());
            s.setString(9, p.driverVersions());
            s.setString(10, p.policySetHash());
            if (p.simulatorSeed() == null) s.setNull(11, Types.BIGINT);
            else s.setLong(11, p.simulatorSeed());
            s.setString(12, detection);
            s.setString(13, owner);
            s.setString(14, labId);
            s.setLong(15, startedMicros);
            s.setLong(16, epochMillis);
            s.executeUpdate();
            long id;
            try (ResultSet k = s.getGeneratedKeys()) {
                k.next();
                id = k.getLong(1);
            }
            try (PreparedStatement f = writer.prepareStatement("UPDATE recordings SET raw_folder = ? WHERE id = ?")) {
                f.setString(1, storeId + "/" + id);
                f.setLong(2, id);
                f.executeUpdate();
            }
            writer.commit();
            return id;
        } catch (SQLException e) {
            writer.rollback();
            throw e;
        }
    }

    public synchronized void finishRecording(long id, long stoppedMicros) throws SQLException {
        try (PreparedStatement s = writer.prepareStatement("UPDATE recordings SET stopped_micros = ?, state = 'STOPPED', last_seen_micros = ?, "
                + "last_seen_epoch_millis = ? WHERE id = ?")) {
            s.setLong(1, stoppedMicros);
            s.setLong(2, stoppedMicros);
            s.setLong(3, System.currentTimeMillis());
            s.setLong(4, id);
            s.executeUpdate();
            writer.commit();
        } catch (SQLException e) {
            writer.rollback();
            throw e;
        }
    }

    /** Sets the policy-set hash of a recording that started without one (the ethics office came up after it). */
    public synchronized void fillPolicySetHash(long id, String hash) throws SQLException {
        update("UPDATE recordings SET policy_set_hash = ? WHERE id = ? AND (policy_set_hash IS NULL OR policy_set_hash = '')", hash, id);
    }

    /** Ends a run that is still open. */
    public synchronized void finishRun(String runId, long endedMicros, String outcome) throws SQLException {
        update("UPDATE runs SET ended_micros = ?, outcome = ? WHERE run_id = ? AND ended_micros IS NULL", endedMicros, outcome, runId);
    }

    private void update(String sql, Object... args) throws SQLException {
        try (PreparedStatement s = writer.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) s.setObject(i + 1, args[i]);
            s.executeUpdate();
            writer.commit();
        } catch (SQLException e) {
            writer.rollback();
            throw e;
        }
    }

    /** What one {@link #append} stored. */
    public record Appended(long spikes, long stimulations, long untilMicros) {
    }

    /**
     * Writes these batches in one transaction, with the recording's acknowledged counts and the moment the lab last saw it;
     * when this returns they are committed (acknowledged). Rows of electrodes {@code organoids} maps to null are not stored.
     */
    public synchronized Appended append(long recordingId, List<SpikeEvents> spikes, List<StimulationEvents> stims, OrganoidMap organoids,
                                        List<RawChunk> chunks) throws SQLException {
        return append(recordingId, spikes, stims, organoids, chunks, Long.MIN_VALUE);
    }

    /** @param seenMicros lab time now (the recording's heartbeat), or Long.MIN_VALUE to take the newest event's */
    public synchronized Appended append(long recordingId, List<SpikeEvents> spikes, List<StimulationEvents> stims, OrganoidMap organoids,
                                        List<RawChunk> chunks, long seenMicros) throws SQLException {
        return append(recordingId, spikes, stims, organoids, chunks, List.of(), Long.MIN_VALUE, seenMicros);
    }

    /**
     * As {@link #append(long, List, List, OrganoidMap, List, long)}, with the gaps its arrays reported and the lab time up to
     * which everything they delivered is in this commit ({@code completeUpToMicros}, Long.MIN_VALUE: unknown, left as it was),
     * in the same transaction: a gap is as durable as the data around it.
     */
    public synchronized Appended append(long recordingId, List<SpikeEvents> spikes, List<StimulationEvents> stims, OrganoidMap organoids,
                                        List<RawChunk> chunks, List<RecordingGap> gaps, long completeUpToMicros, long seenMicros) throws SQLException {
        try {
            long[] sp = spikes.isEmpty() ? new long[]{0, Long.MIN_VALUE} : insertSpikes(recordingId, spikes, organoids);
            long[] st = stims.isEmpty() ? new long[]{0, Long.MIN_VALUE} : insertStimulations(recordingId, stims, organoids);
            if (!chunks.isEmpty()) upsertChunks(recordingId, chunks);
            if (!gaps.isEmpty()) insertGaps(recordingId, gaps);
            if (completeUpToMicros != Long.MIN_VALUE) {
                try (PreparedStatement c = writer.prepareStatement("UPDATE recordings SET complete_up_to_micros = "
                        + "GREATEST(COALESCE(complete_up_to_micros, ?), ?) WHERE id = ?")) {
                    c.setLong(1, completeUpToMicros);
                    c.setLong(2, completeUpToMicros);
                    c.setLong(3, recordingId);
                    c.executeUpdate();
                }
            }
            long until = Math.max(sp[1], st[1]);
            long seen = Math.max(seenMicros, until);
            try (PreparedStatement u = writer.prepareStatement("UPDATE recordings SET acked_spikes = acked_spikes + ?, acked_stimulations = acked_stimulations + ?, "
                    + "acked_until_micros = CASE WHEN ? THEN GREATEST(COALESCE(acked_until_micros, ?), ?) ELSE acked_until_micros END, "
                    + "last_seen_micros = CASE WHEN ? THEN GREATEST(COALESCE(last_seen_micros, ?), ?) ELSE last_seen_micros END, last_seen_epoch_millis = ? WHERE id = ?")) {
                u.setLong(1, sp[0]);
                u.setLong(2, st[0]);
                u.setBoolean(3, until != Long.MIN_VALUE);
                u.setLong(4, until);
                u.setLong(5, until);
                u.setBoolean(6, seen != Long.MIN_VALUE);
                u.setLong(7, seen);
                u.setLong(8, seen);
                u.setLong(9, System.currentTimeMillis());
                u.setLong(10, recordingId);
                u.executeUpdate();
            }
            writer.commit();
            return new Appended(sp[0], st[0], until);
        } catch (SQLException | RuntimeException e) {
            writer.rollback();
            throw e;
        }
    }

    /** @return {stored, newest time stored} */
    private long[] insertSpikes(long rec, List<SpikeEvents> batches, OrganoidMap organoids) throws SQLException {
        long stored = 0, newest = Long.MIN_VALUE;
        try (PreparedStatement s = writer.prepareStatement("INSERT INTO spikes (recording_id, mea_id, organoid_id, electrode, time_micros, sample_index, "
                + "amplitude_uv, snippet) VALUES (?,?,?,?,?,?,?,?)")) {
            int pending = 0;
            for (SpikeEvents b : batches) {
                for (int i = 0; i < b.count(); i++) {
                    String organoid = organoids.organoidOf(b.meaId(), b.electrodes()[i]);
                    if (organoid == null) continue; // another culture's electrode, or none's: not this recording's
                    stored++;
                    newest = Math.max(newest, b.timesMicros()[i]);
                    s.setLong(1, rec);
                    s.setString(2, b.meaId());
                    s.setString(3, organoid);
                    s.setInt(4, b.electrodes()[i]);
                    s.setLong(5, b.timesMicros()[i]);
                    s.setLong(6, b.sampleIndices()[i]);
                    s.setFloat(7, b.amplitudesMicrovolts()[i]);
                    s.setBytes(8, b.snippetLength() == 0 ? null : floats(b.snippets(), i * b.snippetLength(), b.snippetLength()));
                    s.addBatch();
                    if (++pending == 2_000) {
                        s.executeBatch();
                        pending = 0;
                    }
                }
            }
            if (pending > 0) s.executeBatch();
        }
        return new long[]{stored, newest};
    }

    /** @return {stored, newest time stored}; a stimulation's organoid is its command's (StimulationEvents' trigger carries no organoid: the first electrode's) */
    private long[] insertStimulations(long rec, List<StimulationEvents> batches, OrganoidMap organoids) throws SQLException {
        long stored = 0, newest = Long.MIN_VALUE;
        try (PreparedStatement s = writer.prepareStatement("INSERT INTO stimulations (recording_id, mea_id, organoid_id, time_micros, electrodes, "
                + "amplitude_ua, phase_micros, pulse_count, period_micros, command_id, trigger_source) VALUES (?,?,?,?,?,?,?,?,?,?,?)")) {
            for (StimulationEvents b : batches) {
                for (int i = 0; i < b.count(); i++) {
                    String first = b.electrodeLists()[i].split(",")[0].strip();
                    String organoid = first.isEmpty() ? null : organoids.organoidOf(b.meaId(), Integer.parseInt(first));
                    if (organoid == null) continue;
                    stored++;
                    newest = Math.max(newest, b.timesMicros()[i]);
                    s.setLong(1, rec);
                    s.setString(2, b.meaId());
                    s.setString(3, organoid);
                    s.setLong(4, b.timesMicros()[i]);
                    s.setString(5, b.electrodeLists()[i]);
                    s.setFloat(6, b.amplitudesMicroamps()[i]);
                    s.setInt(7, b.phaseMicros()[i]);
                    s.setInt(8, b.pulseCounts()[i]);
                    s.setLong(9, b.periodMicros()[i]);
                    s.setString(10, b.commandIds()[i]);
                    s.setString(11, b.triggers()[i]);
                    s.addBatch();
                }
            }
            if (stored > 0) s.executeBatch();
        }
        return new long[]{stored, newest};
    }

    private void insertGaps(long rec, List<RecordingGap> gaps) throws SQLException {
        try (PreparedStatement s = writer.prepareStatement("INSERT INTO recording_gaps (recording_id, mea_id, from_micros, to_micros, reason) VALUES (?,?,?,?,?)")) {
            for (RecordingGap g : gaps) {
                s.setLong(1, rec);
                s.setString(2, g.meaId());
                s.setLong(3, g.fromMicros());
                s.setLong(4, g.toMicros());
                s.setString(5, g.reason().length() > 1000 ? g.reason().substring(0, 1000) : g.reason());
                s.addBatch();
            }
            s.executeBatch();
        }
    }

    /** Gaps of a recording overlapping [from, to), oldest first. */
    public List<RecordingGap> gaps(long recordingId, long from, long to) throws SQLException {
        List<RecordingGap> out = new ArrayList<>();
        synchronized (reader) {
            try (PreparedStatement s = prepare("SELECT mea_id, from_micros, to_micros, reason FROM recording_gaps WHERE recording_id = ? AND from_micros < ? "
                    + "AND to_micros > ? ORDER BY from_micros, mea_id", List.of(recordingId, to, from)); ResultSet r = s.executeQuery()) {
                while (r.next()) out.add(new RecordingGap(r.getString(1), r.getLong(2), r.getLong(3), r.getString(4)));
            }
        }
        return out;
    }

    /** One file of raw samples, int16 interleaved. */
    /** @param electrodes the array's electrodes in the file's channel order, comma-separated; null = all of them, 0..channelCount-1 */
    public record RawChunk(String meaId, long firstSampleIndex, long startMicros, int sampleCount, int channelCount, int sampleRateHz,
                           float microvoltsPerBit, String fileName, String electrodes) {
        public RawChunk(String meaId, long firstSampleIndex, long startMicros, int sampleCount, int channelCount, int sampleRateHz, float microvoltsPerBit,
                        String fileName) {
            this(meaId, firstSampleIndex, startMicros, sampleCount, channelCount, sampleRateHz, microvoltsPerBit, fileName, null);
        }

        /** The electrode of each channel. */
        public int[] electrodeOfChannel() {
            if (electrodes == null || electrodes.isBlank()) return java.util.stream.IntStream.range(0, channelCount).toArray();
            return Arrays.stream(electrodes.split(",")).mapToInt(e -> Integer.parseInt(e.strip())).toArray();
        }
    }

    /** Index rows of raw chunk files, one per file: a newer row for a file replaces the older (the open chunk grows). */
    private void upsertChunks(long rec, List<RawChunk> chunks) throws SQLException {
        try (PreparedStatement up = writer.prepareStatement("UPDATE raw_chunks SET sample_count = ? WHERE recording_id = ? AND file_name = ?");
             PreparedStatement s = writer.prepareStatement("INSERT INTO raw_chunks (recording_id, mea_id, first_sample_index, start_micros, sample_count, "
                     + "channel_count, sample_rate_hz, microvolts_per_bit, file_name, electrodes) VALUES (?,?,?,?,?,?,?,?,?,?)")) {
            for (RawChunk c : chunks) {
                up.setInt(1, c.sampleCount());
                up.setLong(2, rec);
                up.setString(3, c.fileName());
                if (up.executeUpdate() > 0) continue;
                s.setLong(1, rec);
                s.setString(2, c.meaId());
                s.setLong(3, c.firstSampleIndex());
                s.setLong(4, c.startMicros());
                s.setInt(5, c.sampleCount());
                s.setInt(6, c.channelCount());
                s.setInt(7, c.sampleRateHz());
                s.setFloat(8, c.microvoltsPerBit());
                s.setString(9, c.fileName());
                s.setString(10, c.electrodes());
                s.executeUpdate();
            }
        }
    }

    /** Indexes raw chunk files found after a crash (see RawRecovery), in one transaction. */
    public synchronized void indexChunks(long recordingId, List<RawChunk> chunks) throws SQLException {
        try {
            upsertChunks(recordingId, chunks);
            writer.commit();
        } catch (SQLException | RuntimeException e) {
            writer.rollback();
            throw e;
        }
    }

    public void insertTelemetry(TelemetryRecord t) throws SQLException {
        insertTelemetry(t, List.of());
    }

    /** Stores a reading and counts it as acknowledged by the recordings {@code covering} it, in one transaction. */
    public synchronized void insertTelemetry(TelemetryRecord t, List<Long> covering) throws SQLException {
        try (PreparedStatement s = writer.prepareStatement("INSERT INTO telemetry (time_micros, device_id, temperature_c, co2_percent, humidity_percent) VALUES (?,?,?,?,?)")) {
            s.setLong(1, t.timeMicros());
            s.setString(2, t.deviceId());
            s.setDouble(3, t.temperatureCelsius());
            s.setDouble(4, t.co2Percent());
            s.setDouble(5, t.humidityPercent());
            s.executeUpdate();
            count("acked_telemetry", covering);
            writer.commit();
        } catch (SQLException e) {
            writer.rollback();
            throw e;
        }
    }

    public void insertDose(DoseRecord d) throws SQLException {
        insertDose(d, List.of());
    }

    private void count(String column, List<Long> recordings) throws SQLException {
        if (recordings.isEmpty()) return;
        try (PreparedStatement u = writer.prepareStatement("UPDATE recordings SET " + column + " = " + column + " + 1 WHERE id = ?")) {
            for (long id : recordings) {
                u.setLong(1, id);
                u.addBatch();
            }
            u.executeBatch();
        }
    }

    /** Stores a dose and counts it as acknowledged by the recordings {@code covering} its culture, in one transaction. */
    public synchronized void insertDose(DoseRecord d, List<Long> covering) throws SQLException {
        try (PreparedStatement s = writer.prepareStatement("INSERT INTO doses (recording_id, time_micros, organoid_id, compound, amount, unit, method, given_by, "
                + "resulting_micromolar) VALUES (?,?,?,?,?,?,?,?,?)")) {
            if (d.recordingId() == null) s.setNull(1, Types.BIGINT);
            else s.setLong(1, d.recordingId());
            s.setLong(2, d.timeMicros());
            s.setString(3, d.organoidId());
            s.setString(4, d.compound());
            s.setDouble(5, d.amount());
            s.setString(6, d.unit());
            s.setString(7, d.method());
            s.setString(8, d.user());
            if (Double.isNaN(d.resultingMicromolar())) s.setNull(9, Types.DOUBLE);
            else s.setDouble(9, d.resultingMicromolar());
            s.executeUpdate();
            count("acked_doses", covering);
            writer.commit();
        } catch (SQLException e) {
            writer.rollback();
            throw e;
        }
    }

    /** The lab still sees the recording (nothing to commit this time): when it dies, this is when it was last seen. */
    public synchronized void heartbeat(long id, long labMicros) throws SQLException {
        update("UPDATE recordings SET last_seen_micros = ?, last_seen_epoch_millis = ? WHERE id = ?", labMicros, System.currentTimeMillis(), id);
    }

    /**
     * Recordings of this lab (or made before labs had ids) still RUNNING in the store when the lab starts: the lab died
     * during them. They become INTERRUPTED, and so do the automatic runs they were; returns them as they are now.
     */
    public synchronized List<RecordingInfo> markInterrupted(String labId) throws SQLException {
        List<Long> ids = new ArrayList<>();
        synchronized (reader) {
            try (PreparedStatement s = prepare("SELECT id FROM recordings WHERE state = 'RUNNING' AND (lab_id = ? OR lab_id IS NULL) ORDER BY id", List.of(labId));
                 ResultSet r = s.executeQuery()) {
                while (r.next()) ids.add(r.getLong(1));
            }
        }
        try (PreparedStatement u = writer.prepareStatement("UPDATE recordings SET state = 'INTERRUPTED', interrupted_epoch_millis = ? WHERE id = ? AND state = 'RUNNING'");
             PreparedStatement run = writer.prepareStatement("UPDATE runs SET ended_micros = (SELECT COALESCE(last_seen_micros, started_micros) FROM recordings WHERE id = ?), "
                     + "outcome = 'INTERRUPTED' WHERE run_id = (SELECT run_id FROM recordings WHERE id = ?) AND ended_micros IS NULL AND run_id LIKE 'autoRecord-%'")) {
            for (long id : ids) {
                u.setLong(1, System.currentTimeMillis());
                u.setLong(2, id);
                u.executeUpdate();
                run.setLong(1, id);
                run.setLong(2, id);
                run.executeUpdate();
            }
            writer.commit();
        } catch (SQLException | RuntimeException e) {
            writer.rollback();
            throw e;
        }
        List<RecordingInfo> out = new ArrayList<>();
        for (long id : ids) recording(id).ifPresent(out::add);
        return out;
    }

    /** The folder of a recording's raw traces, relative to the raw root. */
    public String rawFolder(long id) throws SQLException {
        synchronized (reader) {
            try (PreparedStatement s = prepare("SELECT raw_folder FROM recordings WHERE id = ?", List.of(id)); ResultSet r = s.executeQuery()) {
                if (!r.next()) throw new IllegalArgumentException("no recording " + id);
                String f = r.getString(1);
                return f == null ? Long.toString(id) : f; // made before store ids: the folder is the id
            }
        }
    }

    public synchronized void share(long id, String user, String by) throws SQLException {
        try {
            try (PreparedStatement d = writer.prepareStatement("DELETE FROM recording_shares WHERE recording_id = ? AND user_name = ?")) {
                d.setLong(1, id);
                d.setString(2, user);
                d.executeUpdate();
            }
            try (PreparedStatement s = writer.prepareStatement("INSERT INTO recording_shares (recording_id, user_name, shared_by, shared_epoch_millis) VALUES (?,?,?,?)")) {
                s.setLong(1, id);
                s.setString(2, user);
                s.setString(3, by);
                s.setLong(4, System.currentTimeMillis());
                s.executeUpdate();
            }
            writer.commit();
        } catch (SQLException | RuntimeException e) {
            writer.rollback();
            throw e;
        }
    }

    /** @return whether there was such a share */
    public synchronized boolean unshare(long id, String user) throws SQLException {
        try (PreparedStatement d = writer.prepareStatement("DELETE FROM recording_shares WHERE recording_id = ? AND user_name = ?")) {
            d.setLong(1, id);
            d.setString(2, user);
            int n = d.executeUpdate();
            writer.commit();
            return n > 0;
        } catch (SQLException | RuntimeException e) {
            writer.rollback();
            throw e;
        }
    }

    public java.util.Set<String> sharedWith(long id) throws SQLException {
        java.util.Set<String> out = new java.util.TreeSet<>();
        synchronized (reader) {
            try (PreparedStatement s = prepare("SELECT user_name FROM recording_shares WHERE recording_id = ?", List.of(id)); ResultSet r = s.executeQuery()) {
                while (r.next()) out.add(r.getString(1));
            }
        }
        return out;
    }

    public synchronized void upsertRun(RunRecord r) throws SQLException {
        try {
            try (PreparedStatement del = writer.prepareStatement("DELETE FROM runs WHERE run_id = ?")) {
                del.setString(1, r.runId());
                del.executeUpdate();
            }
            try (PreparedStatement s = writer.prepareStatement("INSERT INTO runs (run_id, script_hash, caller, started_micros, ended_micros, outcome) VALUES (?,?,?,?,?,?)")) {
                s.setString(1, r.runId());
                s.setString(2, r.scriptHash());
                s.setString(3, r.caller());
                s.setLong(4, r.startedMicros());
                if (r.endedMicros() == null) s.setNull(5, Types.BIGINT);
                else s.setLong(5, r.endedMicros());
                s.setString(6, r.outcome());
                s.executeUpdate();
            }
            writer.commit();
        } catch (SQLException e) {
            writer.rollback();
            throw e;
        }
    }

    // ---- queries --------------------------------------------------------------------------------------

    public List<RecordingInfo> recordings() throws SQLException {
        return recordings(null);
    }

    private List<RecordingInfo> recordings(Long only) throws SQLException {
        List<RecordingInfo> out = new ArrayList<>();
        synchronized (reader) {
            try (PreparedStatement s = prepare("SELECT id, started_micros, stopped_micros, started_epoch_millis, mea_ids, "
                    + "organoid_ids, raw_traces, run_id, script_hash, rig_configuration, driver_versions, policy_set_hash, simulator_seed, detection, state, owner, "
                    + "acked_spikes, acked_stimulations, acked_doses, acked_telemetry, acked_until_micros, last_seen_micros, last_seen_epoch_millis, complete_up_to_micros, "
                    + "(SELECT COUNT(*) FROM recording_gaps g WHERE g.recording_id = recordings.id), "
                    + "(SELECT COALESCE(SUM(g.to_micros - g.from_micros), 0) FROM recording_gaps g WHERE g.recording_id = recordings.id) FROM recordings"
                    + (only == null ? "" : " WHERE id = ?") + " ORDER BY id", only == null ? List.of() : List.of(only)); ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    long stopped = r.getLong(3);
                    Long stop = r.wasNull() ? null : stopped;
                    long seed = r.getLong(13);
                    Long sd = r.wasNull() ? null : seed;
                    String state = r.getString(15);
                    Acknowledged ack = new Acknowledged(r.getLong(17), r.getLong(18), r.getLong(19), r.getLong(20), nullable(r, 21));
                    out.add(new RecordingInfo(r.getLong(1), r.getLong(2), stop, r.getLong(4), split(r.getString(5)), split(r.getString(6)), r.getBoolean(7),
                            new RecordingProvenance(r.getString(8), r.getString(9), r.getString(10), r.getString(11), r.getString(12), sd), r.getString(14),
                            state == null ? null : RecordingState.valueOf(state), r.getString(16), ack, nullable(r, 22), nullable(r, 23), nullable(r, 24),
                            r.getLong(25), r.getLong(26)));
                }
            }
        }
        return out;
    }

    public Optional<RecordingInfo> recording(long id) throws SQLException {
        return recordings(id).stream().findFirst();
    }

    /** Called with each spike of a query, oldest first, from a cursor of its own: any number of spikes in bounded memory. */
    public interface SpikeVisitor {
        void spike(String organoidId, int electrode, long timeMicros, long sampleIndex, float amplitudeMicrovolts, float[] snippet) throws java.io.IOException;
    }

    /** Streams the spikes of a recording before {@code untilMicros} (of one array when {@code meaId} is given) in time order. */
    public void forEachSpike(long recordingId, String meaId, long untilMicros, boolean withSnippets, SpikeVisitor v) throws SQLException, java.io.IOException {
        forEachSpike(recordingId, meaId, untilMicros, withSnippets, false, v);
    }

    /** The same, electrode by electrode (each electrode's spikes oldest first): one unit after another, as NWB's Units table holds them. */
    public void forEachSpikeByElectrode(long recordingId, String meaId, long untilMicros, boolean withSnippets, SpikeVisitor v) throws SQLException, java.io.IOException {
        forEachSpike(recordingId, meaId, untilMicros, withSnippets, true, v);
    }

    private void forEachSpike(long recordingId, String meaId, long untilMicros, boolean withSnippets, boolean byElectrode, SpikeVisitor v)
            throws SQLException, java.io.IOException {
        try (Connection c = dialect.connect(url, user, password)) {
            c.setAutoCommit(false); // PostgreSQL streams with a fetch size only inside a transaction
            c.setReadOnly(true);
            try (PreparedStatement s = c.prepareStatement("SELECT organoid_id, electrode, time_micros, sample_index, amplitude_uv" + (withSnippets ? ", snippet" : "")
                    + " FROM spikes WHERE recording_id = ? AND time_micros < ?" + (meaId == null ? "" : " AND mea_id = ?") + (byElectrode ? " ORDER BY electrode, time_micros" : " ORDER BY time_micros, electrode"))) {
                s.setFetchSize(5_000);
                s.setLong(1, recordingId);
                s.setLong(2, untilMicros);
                if (meaId != null) s.setString(3, meaId);
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        byte[] sn = withSnippets ? r.getBytes(6) : null;
                        v.spike(r.getString(1), r.getInt(2), r.getLong(3), r.getLong(4), r.getFloat(5), sn == null ? new float[0] : floats(sn));
                    }
                }
            } finally {
                c.rollback();
            }
        }
    }

    private static Long nullable(ResultSet r, int column) throws SQLException {
        long v = r.getLong(column);
        return r.wasNull() ? null : v;
    }

    private static List<String> split(String s) {
        return s == null || s.isEmpty() ? List.of() : Arrays.asList(s.split(","));
    }

    public List<StoredSpike> spikes(SpikeQuery q) throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT recording_id, mea_id, organoid_id, electrode, time_micros, sample_index, amplitude_uv, snippet FROM spikes WHERE ");
        List<Object> args = where(q, sql);
        sql.append(" ORDER BY time_micros, electrode LIMIT ").append(q.limit());
        List<StoredSpike> out = new ArrayList<>();
        synchronized (reader) {
            try (PreparedStatement s = prepare(sql.toString(), args); ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    byte[] sn = r.getBytes(8);
                    out.add(new StoredSpike(r.getLong(1), r.getString(2), r.getString(3), r.getInt(4), r.getLong(5), r.getLong(6), r.getFloat(7),
                            sn == null ? new float[0] : floats(sn)));
                }
            }
        }
        return out;
    }

    /** Spikes per electrode of one array before {@code untilMicros}, and the longest snippet: what an export needs to know before it streams. */
    public record SpikeCensus(long total, java.util.SortedMap<Integer, Long> perElectrode, int snippetFloats) {
    }

    public SpikeCensus census(long recordingId, String meaId, long untilMicros) throws SQLException {
        java.util.SortedMap<Integer, Long> per = new java.util.TreeMap<>();
        long total = 0;
        int longest = 0;
        synchronized (reader) {
            try (PreparedStatement s = prepare("SELECT electrode, COUNT(*), MAX(OCTET_LENGTH(snippet)) FROM spikes WHERE recording_id = ? AND mea_id = ? "
                    + "AND time_micros < ? GROUP BY electrode", List.of(recordingId, meaId, untilMicros)); ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    per.put(r.getInt(1), r.getLong(2));
                    total += r.getLong(2);
                    longest = Math.max(longest, r.getInt(3) / 4);
                }
            }
        }
        return new SpikeCensus(total, per, longest);
    }

    public long countSpikes(SpikeQuery q) throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT COUNT(*) FROM spikes WHERE ");
        List<Object> args = where(q, sql);
        synchronized (reader) {
            try (PreparedStatement s = prepare(sql.toString(), args); ResultSet r = s.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        }
    }

    public long[] countsPerBin(SpikeQuery q, long binMicros) throws SQLException {
        if (binMicros <= 0) throw new IllegalArgumentException("bin must be > 0 µs");
        long bins = (q.toMicros() - q.fromMicros() + binMicros - 1) / binMicros;
        if (bins > 10_000_000) throw new IllegalArgumentException("too many bins: " + bins);
        long[] out = new long[(int) bins];
        StringBuilder sql = new StringBuilder("SELECT bin, COUNT(*) FROM (SELECT (time_micros - " + q.fromMicros() + ") / " + binMicros
                + " AS bin FROM spikes WHERE ");
        List<Object> args = where(q, sql);
        sql.append(") binned GROUP BY bin");
        synchronized (reader) {
            try (PreparedStatement s = prepare(sql.toString(), args); ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    long b = r.getLong(1);
                    if (b >= 0 && b < out.length) out[(int) b] += r.getLong(2);
                }
            }
        }
        return out;
    }

    private static List<Object> where(SpikeQuery q, StringBuilder sql) {
        List<Object> args = new ArrayList<>();
        sql.append("time_micros >= ? AND time_micros < ?");
        args.add(q.fromMicros());
        args.add(q.toMicros());
        if (q.recordingId() != null) {
            sql.append(" AND recording_id = ?");
            args.add(q.recordingId());
        }
        if (q.organoidId() != null) {
            sql.append(" AND organoid_id = ?");
            args.add(q.organoidId());
        }
        if (q.meaId() != null) {
            sql.append(" AND mea_id = ?");
            args.add(q.meaId());
        }
        if (q.electrode() != null) {
            sql.append(" AND electrode = ?");
            args.add(q.electrode());
        }
        return args;
    }

    private PreparedStatement prepare(String sql, List<Object> args) throws SQLException {
        PreparedStatement s = reader.prepareStatement(sql);
        for (int i = 0; i < args.size(); i++) s.setObject(i + 1, args.get(i));
        return s;
    }

    public List<StoredStimulation> stimulations(long recordingId, long from, long to) throws SQLException {
        List<StoredStimulation> out = new ArrayList<>();
        synchronized (reader) {
            try (PreparedStatement s = prepare("SELECT recording_id, mea_id, organoid_id, time_micros, electrodes, amplitude_ua, phase_micros, pulse_count, "
                    + "period_micros, command_id, trigger_source FROM stimulations WHERE recording_id = ? AND time_micros >= ? AND time_micros < ? ORDER BY time_micros",
                    List.of(recordingId, from, to)); ResultSet r = s.executeQuery()) {
                while (r.next())
                    out.add(new StoredStimulation(r.getLong(1), r.getString(2), r.getString(3), r.getLong(4), r.getString(5), r.getFloat(6), r.getInt(7),
                            r.getInt(8), r.getLong(9), r.getString(10), r.getString(11)));
            }
        }
        return out;
    }

    public List<TelemetryRecord> telemetry(String deviceId, long from, long to) throws SQLException {
        List<TelemetryRecord> out = new ArrayList<>();
        String sql = "SELECT time_micros, device_id, temperature_c, co2_percent, humidity_percent FROM telemetry WHERE time_micros >= ? AND time_micros < ?"
                + (deviceId == null ? "" : " AND device_id = ?") + " ORDER BY time_micros";
        List<Object> args = deviceId == null ? List.of(from, to) : List.of(from, to, deviceId);
        synchronized (reader) {
            try (PreparedStatement s = prepare(sql, args); ResultSet r = s.executeQuery()) {
                while (r.next()) out.add(new TelemetryRecord(r.getLong(1), r.getString(2), r.getDouble(3), r.getDouble(4), r.getDouble(5)));
            }
        }
        return out;
    }

    /** Doses given to a culture in [fromMicros, toMicros), oldest first. */
    public List<DoseRecord> doses(String organoidId, long fromMicros, long toMicros) throws SQLException {
        List<DoseRecord> out = new ArrayList<>();
        synchronized (reader) {
            try (PreparedStatement s = prepare("SELECT recording_id, time_micros, organoid_id, compound, amount, unit, method, given_by, resulting_micromolar "
                    + "FROM doses WHERE organoid_id = ? AND time_micros >= ? AND time_micros < ? ORDER BY time_micros", List.of(organoidId, fromMicros, toMicros));
                 ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    long rec = r.getLong(1);
                    Long rid = r.wasNull() ? null : rec;
                    double conc = r.getDouble(9);
                    if (r.wasNull()) conc = Double.NaN;
                    out.add(new DoseRecord(rid, r.getLong(2), r.getString(3), r.getString(4), r.getDouble(5), r.getString(6), r.getString(7), r.getString(8), conc));
                }
            }
        }
        return out;
    }

    public Optional<RunRecord> run(String runId) throws SQLException {
        synchronized (reader) {
            try (PreparedStatement s = prepare("SELECT run_id, script_hash, caller, started_micros, ended_micros, outcome FROM runs WHERE run_id = ?", List.of(runId));
                 ResultSet r = s.executeQuery()) {
                if (!r.next()) return Optional.empty();
                long e = r.getLong(5);
                Long ended = r.wasNull() ? null : e;
                return Optional.of(new RunRecord(r.getString(1), r.getString(2), r.getString(3), r.getLong(4), ended, r.getString(6)));
            }
        }
    }

    public List<RawChunk> rawChunks(long recordingId, String meaId) throws SQLException {
        List<RawChunk> out = new ArrayList<>();
        synchronized (reader) {
            try (PreparedStatement s = prepare("SELECT mea_id, first_sample_index, start_micros, sample_count, channel_count, sample_rate_hz, microvolts_per_bit, file_name, electrodes "
                    + "FROM raw_chunks WHERE recording_id = ? AND mea_id = ? ORDER BY first_sample_index", List.of(recordingId, meaId)); ResultSet r = s.executeQuery()) {
                while (r.next())
                    out.add(new RawChunk(r.getString(1), r.getLong(2), r.getLong(3), r.getInt(4), r.getInt(5), r.getInt(6), r.getFloat(7), r.getString(8), r.getString(9)));
            }
        }
        return out;
    }

    static byte[] floats(float[] a, int from, int n) {
        ByteBuffer b = ByteBuffer.allocate(n * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(a, from, n);
        return b.array();
    }

    static float[] floats(byte[] bytes) {
        float[] out = new float[bytes.length / 4];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(out);
        return out;
    }

    @Override
    public synchronized void close() throws SQLException {
        try {
            writer.close();
        } finally {
            reader.close();
        }
    }
}
