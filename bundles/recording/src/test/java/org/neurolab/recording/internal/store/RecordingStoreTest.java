package org.neurolab.recording.internal.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.neurolab.recording.DoseRecord;
import org.neurolab.recording.RecordingGap;
import org.neurolab.recording.RecordingInfo;
import org.neurolab.recording.RecordingProvenance;
import org.neurolab.recording.RunRecord;
import org.neurolab.recording.SpikeQuery;
import org.neurolab.recording.StoredSpike;
import org.neurolab.recording.TelemetryRecord;
import org.neurolab.recording.stream.SpikeEvents;
import org.neurolab.recording.stream.StimulationEvents;

/** The same suite on the embedded database and on a real PostgreSQL server. */
class RecordingStoreTest {
    static final RecordingStore.OrganoidMap MAP = (mea, e) -> mea + "-o" + (e / 8);
    static final RecordingProvenance PROV = new RecordingProvenance("run-7", "sha256:abc", "meas=1\nseed=5", "org.neurolab.driver.sim=0.1.0", "sha256:pol", 5L);

    static SpikeEvents spikes(String mea, long t0, int n) {
        int[] e = new int[n];
        long[] t = new long[n];
        long[] idx = new long[n];
        float[] a = new float[n];
        float[] sn = new float[n * 90];
        for (int i = 0; i < n; i++) {
            e[i] = i % 32;
            t[i] = t0 + i * 100L;
            idx[i] = t[i] * 3 / 100;
            a[i] = -50 - i % 7;
            for (int j = 0; j < 90; j++) sn[i * 90 + j] = i + j * 0.5f;
        }
        return new SpikeEvents(mea, n, e, t, idx, a, 90, 30, sn);
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void stores_and_queries_a_recording(Dialect dialect) throws Exception {
        try (StoreTarget target = StoreTarget.create(dialect); RecordingStore store = target.open()) {
            long id = store.createRecording(1_000, 1_700_000_000_000L, List.of("sim/mea0"), List.of("sim/mea0-o0", "sim/mea0-o1"), true, PROV, "k=6");
            store.append(id, List.of(spikes("sim/mea0", 10_000, 1_000), spikes("sim/mea0", 200_000, 500)),
                    List.of(new StimulationEvents("sim/mea0", 1, new long[]{150_000}, new long[]{3}, new String[]{"0,1"}, new float[]{10f}, new int[]{200},
                            new int[]{5}, new long[]{10_000}, new String[]{"cmd-1"}, new String[]{"alice/script"})), MAP, List.of());
            store.finishRecording(id, 300_000);

            RecordingInfo info = store.recording(id).orElseThrow();
            assertEquals(PROV, info.provenance(), "provenance is kept whole");
            assertEquals(300_000L, info.stoppedMicros());
            assertEquals(List.of("sim/mea0-o0", "sim/mea0-o1"), info.organoidIds());

            assertEquals(1_500, store.countSpikes(SpikeQuery.of(id, 0, Long.MAX_VALUE)));
            List<StoredSpike> some = store.spikes(SpikeQuery.of(id, 10_000, 10_500));
            assertEquals(5, some.size());
            StoredSpike s1 = some.get(1);
            assertEquals(10_100, s1.timeMicros());
            assertEquals(1, s1.electrode());
            assertEquals("sim/mea0-o0", s1.organoidId());
            assertEquals(-51f, s1.amplitudeMicrovolts());
            assertEquals(90, s1.snippet().length);
            assertEquals(1 + 10 * 0.5f, s1.snippet()[10]);

            assertEquals(1_000 / 32 + 1, store.spikes(SpikeQuery.of(id, 0, 110_000).electrode("sim/mea0", 3)).size());
            long o1 = store.countSpikes(SpikeQuery.of(id, 0, Long.MAX_VALUE).organoid("sim/mea0-o1"));
            assertEquals(1_500 / 4, o1, 2);

            // NWB's units: electrode by electrode, each oldest first, the census' counts, on both databases
            List<long[]> byElectrode = new java.util.ArrayList<>();
            store.forEachSpikeByElectrode(id, "sim/mea0", 250_000, false, (o, e, t, si, amp, sn) -> byElectrode.add(new long[]{e, t}));
            var census = store.census(id, "sim/mea0", 250_000);
            assertEquals(census.total(), byElectrode.size());
            for (int i = 1; i < byElectrode.size(); i++) {
                long[] a = byElectrode.get(i - 1), b = byElectrode.get(i);
                assertTrue(a[0] < b[0] || a[0] == b[0] && a[1] <= b[1], "ordered by electrode, then time: " + java.util.Arrays.toString(a) + " " + java.util.Arrays.toString(b));
            }
            for (var e : census.perElectrode().entrySet())
                assertEquals((long) e.getValue(), byElectrode.stream().filter(x -> x[0] == e.getKey()).count(), "electrode " + e.getKey());

            long[] bins = store.countsPerBin(SpikeQuery.of(id, 0, 300_000), 50_000);
            assertArrayEquals(new long[]{400, 500, 100, 0, 500, 0}, bins);

            var stims = store.stimulations(id, 0, 1_000_000);
            assertEquals(1, stims.size());
            assertEquals("alice/script", stims.get(0).trigger());
            assertEquals("sim/mea0-o0", stims.get(0).organoidId());
            assertEquals(5, stims.get(0).pulseCount());

            store.insertTelemetry(new TelemetryRecord(5_000, "sim/incubator", 37.0, 5.0, 95.0));
            store.insertTelemetry(new TelemetryRecord(6_000, "sim/incubator", 37.1, 5.1, 94.0));
            assertEquals(2, store.telemetry("sim/incubator", 0, 10_000).size());
            assertEquals(37.1, store.telemetry(null, 5_500, 10_000).get(0).temperatureCelsius());

            DoseRecord dose = new DoseRecord(id, 7_000, "sim/mea0-o0", "bicuculline", 10, "µL", "uv-uncaging", "alice", 2.5);
            store.insertDose(dose);
            store.insertDose(new DoseRecord(null, 9_000, "sim/mea0-o0", "glutamate", 1, "nmol", "infusion", "bob", Double.NaN));
            store.insertDose(new DoseRecord(null, 8_000, "sim/mea0-o1", "bicuculline", 2, "µL", "", "", 1.0));
            assertEquals(List.of(dose), store.doses("sim/mea0-o0", 0, 9_000), "who and the resulting concentration come back; the range ends before 9 ms");
            List<DoseRecord> both = store.doses("sim/mea0-o0", 7_000, 10_000);
            assertEquals(2, both.size());
            assertEquals("bob", both.get(1).user());
            assertTrue(Double.isNaN(both.get(1).resultingMicromolar()), "an unknown concentration stays unknown");
            assertEquals(List.of(), store.doses("sim/mea0-o0", 9_001, 20_000));

            store.upsertRun(new RunRecord("run-7", "sha256:abc", "alice", 0, null, null));
            store.upsertRun(new RunRecord("run-7", "sha256:abc", "alice", 0, 400_000L, "completed"));
            assertEquals("completed", store.run("run-7").orElseThrow().outcome());
        }
    }

    /** The migration scripts in the bundle (V1.., the Flyway history must hold each once). */
    static final int SCRIPTS = 6;

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void migrations_apply_once_and_a_reopened_store_keeps_its_data(Dialect dialect) throws Exception {
        try (StoreTarget target = StoreTarget.create(dialect)) {
            long id;
            try (RecordingStore store = target.open()) {
                id = store.createRecording(0, 0, List.of("m"), List.of("m-o0"), false, RecordingProvenance.none(), "");
                store.append(id, List.of(spikes("m", 0, 10)), List.of(), MAP, List.of());
            }
            try (RecordingStore store = target.open(); Connection c = Dialect.of(target.url).connect(target.url, target.user, "");
                 Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT COUNT(*), COUNT(DISTINCT \"version\") FROM "
                         + "\"" + SchemaMigrations.HISTORY_TABLE + "\"" + " WHERE \"type\" = 'SQL' AND \"success\"")) {
                r.next();
                assertEquals(SCRIPTS, r.getInt(1), "each script applied exactly once, by Flyway");
                assertEquals(SCRIPTS, r.getInt(2));
                assertEquals(10, store.countSpikes(SpikeQuery.of(id, 0, Long.MAX_VALUE)));
                assertNull(store.recording(id).orElseThrow().provenance().simulatorSeed());
                assertTrue(store.recording(id).orElseThrow().stoppedMicros() == null, "never stopped: the lab died during it");
            }
        }
    }

    /**
     * A lab's store from before Flyway: the V1 schema and the home-made migrator's schema_history, with data in it.
     * Opening it baselines it at version 1 on the Flyway history, applies the newer versions, and keeps the data.
     */
    @ParameterizedTest
    @EnumSource(Dialect.class)
    void a_store_made_by_the_old_migrator_is_baselined_and_keeps_its_data(Dialect dialect) throws Exception {
        try (StoreTarget target = StoreTarget.create(dialect)) {
            try (Connection c = dialect.connect(target.url, target.user, ""); Statement s = c.createStatement()) {
                LegacySchema.create(c, dialect);
                s.execute("INSERT INTO recordings (started_micros, started_epoch_millis, mea_ids, organoid_ids, raw_traces, run_id, detection) "
                        + "VALUES (5, 1700000000000, 'sim/mea0', 'sim-mea0-o0', FALSE, 'run-old', 'k=6')");
                s.execute("INSERT INTO spikes (recording_id, mea_id, organoid_id, electrode, time_micros, sample_index, amplitude_uv) "
                        + "VALUES (1, 'sim/mea0', 'sim-mea0-o0', 3, 1000, 30, -60.5)");
                s.execute("INSERT INTO doses (recording_id, time_micros, organoid_id, compound, amount, unit, method) VALUES (1, 2000, 'sim-mea0-o0', 'bicuculline', 5, 'µL', 'infusion')");
            }
            try (RecordingStore store = target.open()) {
                RecordingInfo old = store.recordings().get(0);
                assertEquals("run-old", old.provenance().runId());
                assertEquals(1, store.countSpikes(SpikeQuery.of(old.id(), 0, Long.MAX_VALUE)));
                DoseRecord d = store.doses("sim-mea0-o0", 0, 10_000).get(0);
                assertEquals("bicuculline", d.compound());
                assertEquals("", d.user(), "doses from before V2 have no giver");
                assertTrue(Double.isNaN(d.resultingMicromolar()));
                long id = store.createRecording(0, 0, List.of("m"), List.of("m-o0"), false, PROV, "");
                assertTrue(id > old.id(), "new recordings continue after the old ones");
                store.insertDose(new DoseRecord(id, 3_000, "sim-mea0-o0", "glutamate", 1, "nmol", "infusion", "alice", 0.5));
                assertEquals(2, store.doses("sim-mea0-o0", 0, 10_000).size());
            }
            try (Connection c = dialect.connect(target.url, target.user, ""); Statement s = c.createStatement();
                 ResultSet r = s.executeQuery("SELECT \"version\", \"type\" FROM " + "\"" + SchemaMigrations.HISTORY_TABLE + "\"" + " WHERE \"success\" AND \"version\" IS NOT NULL ORDER BY \"installed_rank\"")) {
                StringBuilder h = new StringBuilder();
                while (r.next()) h.append(r.getString(1)).append(':').append(r.getString(2)).append(' ');
                assertEquals("1:BASELINE 2:SQL 3:SQL 4:SQL 5:SQL 6:SQL", h.toString().strip(), "baselined at the old migrator's version, newer scripts applied");
            }
            try (RecordingStore again = target.open()) {
                assertEquals(2, again.recordings().size(), "a second open changes nothing");
            }
        }
    }

    /** One PostgreSQL for the lab: another bundle's tables (and its own Flyway history) already in the schema. */
    @ParameterizedTest
    @EnumSource(Dialect.class)
    void a_schema_shared_with_another_bundle_gets_the_whole_recording_schema(Dialect dialect) throws Exception {
        try (StoreTarget target = StoreTarget.create(dialect)) {
            try (Connection c = dialect.connect(target.url, target.user, ""); Statement s = c.createStatement()) {
                s.execute("CREATE TABLE reservations (id BIGINT PRIMARY KEY, mea_id VARCHAR(100))");
                s.execute("INSERT INTO reservations VALUES (1, 'sim/mea0')");
                if (!c.getAutoCommit()) c.commit();
            }
            try (RecordingStore store = target.open()) {
                long id = store.createRecording(0, 0, List.of("m"), List.of("m-o0"), false, PROV, "");
                store.insertDose(new DoseRecord(id, 1, "m-o0", "glutamate", 1, "nmol", "infusion", "alice", 0.5));
                assertEquals(1, store.doses("m-o0", 0, 10).size());
            }
            try (Connection c = dialect.connect(target.url, target.user, ""); Statement s = c.createStatement();
                 ResultSet r = s.executeQuery("SELECT \"version\", \"type\" FROM \"" + SchemaMigrations.HISTORY_TABLE + "\" WHERE \"version\" IS NOT NULL ORDER BY \"installed_rank\"")) {
                StringBuilder h = new StringBuilder();
                while (r.next()) h.append(r.getString(1)).append(':').append(r.getString(2)).append(' ');
                assertEquals("0:BASELINE 1:SQL 2:SQL 3:SQL 4:SQL 5:SQL 6:SQL", h.toString().strip(), "the other tables are left alone, every script applies");
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void each_recording_counts_what_it_acknowledged_in_its_own_row(Dialect dialect) throws Exception {
        try (StoreTarget target = StoreTarget.create(dialect); RecordingStore store = target.open()) {
            long a = store.createRecording(0, 0, List.of("sim/mea0"), List.of("sim/mea0-o0"), false, PROV, "", "alice", "lab-a");
            long b = store.createRecording(0, 0, List.of("sim/mea0"), List.of("sim/mea0-o1"), false, PROV, "", "bob", "lab-a");
            // electrodes 0-7 are o0's, 8-15 o1's: a recording keeps its own culture's rows only
            RecordingStore.OrganoidMap onlyO0 = (m, e) -> e < 8 ? "sim/mea0-o0" : null;
            RecordingStore.OrganoidMap onlyO1 = (m, e) -> e >= 8 && e < 16 ? "sim/mea0-o1" : null;
            StimulationEvents stim = new StimulationEvents("sim/mea0", 1, new long[]{5_000}, new long[]{1}, new String[]{"0"}, new float[]{10f}, new int[]{200},
                    new int[]{1}, new long[]{0}, new String[]{"cmd-1"}, new String[]{"alice/research"});
            RecordingStore.Appended da = store.append(a, List.of(spikes("sim/mea0", 1_000, 64)), List.of(stim), onlyO0, List.of());
            RecordingStore.Appended db = store.append(b, List.of(spikes("sim/mea0", 1_000, 64)), List.of(stim), onlyO1, List.of());
            assertEquals(16, da.spikes(), "electrodes 0-7, twice each in 64 spikes over 32 electrodes");
            assertEquals(1, da.stimulations());
            assertEquals(16, db.spikes());
            assertEquals(0, db.stimulations(), "a stimulation of o0 is not in o1's recording");
            store.insertDose(new DoseRecord(null, 6_000, "sim/mea0-o0", "gaba", 1, "µM", "infusion", "alice", 1.0), List.of(a));
            store.insertTelemetry(new TelemetryRecord(7_000, "sim/incubator", 37, 5, 90), List.of(a, b));

            RecordingInfo ia = store.recording(a).orElseThrow(), ib = store.recording(b).orElseThrow();
            assertEquals(new org.neurolab.recording.Acknowledged(16, 1, 1, 1, 5_000L), ia.acknowledged());
            assertEquals(new org.neurolab.recording.Acknowledged(16, 0, 0, 1, 5_700L), ib.acknowledged());
            assertEquals(16, store.countSpikes(new SpikeQuery(a, 0, Long.MAX_VALUE, null, null, null, 1_000)), "the rows match the count");
            assertTrue(store.spikes(new SpikeQuery(a, 0, Long.MAX_VALUE, null, null, null, 1_000)).stream().allMatch(x -> x.organoidId().equals("sim/mea0-o0")));
            assertEquals("alice", ia.owner());
            assertEquals(org.neurolab.recording.RecordingState.RUNNING, ia.state());
        }
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void a_lab_marks_its_own_unfinished_recordings_interrupted_and_no_one_elses(Dialect dialect) throws Exception {
        try (StoreTarget target = StoreTarget.create(dialect); RecordingStore store = target.open()) {
            long mine = store.createRecording(100, 0, List.of("m"), List.of("m-o0"), false, PROV, "", "alice", "lab-a");
            long theirs = store.createRecording(100, 0, List.of("m"), List.of("m-o0"), false, PROV, "", "bob", "lab-b");
            long done = store.createRecording(100, 0, List.of("m"), List.of("m-o0"), false, PROV, "", "alice", "lab-a");
            store.finishRecording(done, 500);
            store.upsertRun(new RunRecord("autoRecord-1", "", "system:recording", 100, null, null));
            long auto = store.createRecording(100, 0, List.of("m"), List.of("m-o0"), false, new RecordingProvenance("autoRecord-1", "", "", "", "", null), "",
                    "system:recording", "lab-a");
            store.append(mine, List.of(spikes("m", 1_000, 10)), List.of(), MAP, List.of(), 9_000);
            store.heartbeat(auto, 12_000);

            List<RecordingInfo> cut = store.markInterrupted("lab-a");
            assertEquals(List.of(mine, auto), cut.stream().map(RecordingInfo::id).toList(), "lab-a's unfinished recordings only");
            RecordingInfo m = store.recording(mine).orElseThrow();
            assertEquals(org.neurolab.recording.RecordingState.INTERRUPTED, m.state());
            assertEquals(9_000L, m.lastSeenMicros(), "when the lab last saw it");
            assertEquals(10, m.acknowledged().spikes());
            assertEquals(org.neurolab.recording.RecordingState.RUNNING, store.recording(theirs).orElseThrow().state(), "another lab's recording goes on");
            assertEquals(org.neurolab.recording.RecordingState.STOPPED, store.recording(done).orElseThrow().state());
            RunRecord run = store.run("autoRecord-1").orElseThrow();
            assertEquals("INTERRUPTED", run.outcome());
            assertEquals(12_000L, run.endedMicros(), "the automatic run ends when its recording was last seen");
            assertEquals(List.of(), store.markInterrupted("lab-a"), "once");
        }
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void gaps_and_completeness_are_committed_with_the_data_and_found_by_range(Dialect dialect) throws Exception {
        try (StoreTarget target = StoreTarget.create(dialect)) {
            long id, other;
            try (RecordingStore store = target.open()) {
                id = store.createRecording(0, 0, List.of("m", "n"), List.of("m-o0"), false, RecordingProvenance.none(), "");
                other = store.createRecording(0, 0, List.of("m"), List.of("m-o0"), false, RecordingProvenance.none(), "");
                store.append(id, List.of(spikes("m", 0, 10)), List.of(), MAP, List.of(),
                        List.of(new RecordingGap("m", 2_000_000, 2_500_000, "model time shed"), new RecordingGap("n", 4_000_000, 4_100_000, "link lost")),
                        3_000_000, 3_000_000);
                store.append(id, List.of(), List.of(), MAP, List.of(), List.of(), 2_900_000, 3_100_000); // a watermark never goes back
            }
            try (RecordingStore store = target.open()) { // durable: a new connection sees them
                RecordingInfo info = store.recording(id).orElseThrow();
                assertEquals(3_000_000L, info.completeUpToMicros());
                assertEquals(2, info.gapCount());
                assertEquals(600_000, info.gapMicros());
                assertEquals(List.of(new RecordingGap("m", 2_000_000, 2_500_000, "model time shed")), store.gaps(id, 0, 3_000_000));
                assertEquals(List.of(new RecordingGap("m", 2_000_000, 2_500_000, "model time shed")), store.gaps(id, 2_499_999, 2_500_000),
                        "a range that overlaps the gap's end finds it");
                assertEquals(List.of(), store.gaps(id, 2_500_000, 4_000_000), "the gap ends where its data resumes");
                assertEquals(2, store.gaps(id, Long.MIN_VALUE, Long.MAX_VALUE).size());
                assertEquals(List.of(), store.gaps(other, Long.MIN_VALUE, Long.MAX_VALUE), "gaps are per recording");
                assertNull(store.recording(other).orElseThrow().completeUpToMicros());
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void shares_are_kept_per_recording(Dialect dialect) throws Exception {
        try (StoreTarget target = StoreTarget.create(dialect); RecordingStore store = target.open()) {
            long id = store.createRecording(0, 0, List.of("m"), List.of("m-o0"), false, PROV, "", "alice", "lab-a");
            store.share(id, "bob", "alice");
            store.share(id, "bob", "alice");
            store.share(id, "carol", "admin");
            assertEquals(java.util.Set.of("bob", "carol"), store.sharedWith(id));
            assertTrue(store.unshare(id, "bob"));
            assertTrue(!store.unshare(id, "bob"), "already taken back");
            assertEquals(java.util.Set.of("carol"), store.sharedWith(id));
        }
    }

    @org.junit.jupiter.api.Test
    void recording_ids_do_not_jump_after_a_crash_of_the_embedded_database() throws Exception {
        try (StoreTarget target = StoreTarget.create(Dialect.H2)) {
            // another JVM opens the store, makes a recording and dies without closing anything (Runtime.halt: as kill -9)
            String java = ProcessHandle.current().info().command().orElse("java");
            Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), CrashingWriter.class.getName(), target.url)
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes()).strip();
            assertEquals(0, p.waitFor(), out);
            long first = Long.parseLong(out.lines().reduce((x, y) -> y).orElseThrow().strip());
            try (RecordingStore store = target.open()) {
                long next = store.createRecording(0, 0, List.of("m"), List.of("m-o0"), false, PROV, "");
                assertEquals(first + 1, next, "the next id after a crash (H2 cached 32 identity values and lost them)");
            }
        }
    }

    /** Opens a store, makes one recording, prints its id and dies. */
    public static final class CrashingWriter {
        public static void main(String[] args) throws Exception {
            RecordingStore store = RecordingStore.open(args[0], "", "");
            System.out.println(store.createRecording(0, 0, List.of("m"), List.of("m-o0"), false, PROV, ""));
            System.out.flush();
            Runtime.getRuntime().halt(0);
        }
    }
}
