package org.neurolab.console.internal.rest;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.neurolab.api.control.CommandReceipt;
import org.neurolab.api.control.CommandRefusedException;
import org.neurolab.api.control.LabSession;
import org.neurolab.api.control.Stimulate;
import org.neurolab.api.driver.SignalListener;
import org.neurolab.api.lab.MeaLayout;
import org.neurolab.api.lab.Organoid;
import org.neurolab.api.signal.SpikeBatch;
import org.neurolab.api.stimulation.PulseTrain;

/**
 * One remote client's control session on a culture: a {@link LabSession} like a script run's (every command through
 * control's checks, the guards and the journals), the culture's recent spikes for count windows and closed loops, the
 * client's named triggers, and when it was last heard of. Closing it (by the client, by the heartbeat watch, or when the
 * console stops) closes the lab session, which returns every device it touched to its safe state.
 */
final class RemoteSession {
    static final int SPIKE_RING = 200_000;
    /** How long (wall clock) a window waits for its data beyond lab time before the client is told it is late; as scripts'. */
    static final long DATA_LATE_MILLIS = 10_000;
    /** An array that has reported no watermark this long after the subscription has an older driver that never will. */
    static final long NO_WATERMARK_MILLIS = 2_000;

    final String id;
    final String user;
    final Organoid culture;
    final MeaLayout layout;
    final long heartbeatMillis;
    /** The session's lab clock: the lab's, or a dry-run session's private virtual one (null seed: not a dry run). */
    final org.neurolab.api.clock.LabClock clock;
    final Long dryRunSeed;
    private final LabSession session;
    private final Runnable afterClose;
    private final RemoteSpikeRing spikes;
    private final AutoCloseable subscription;
    private final Map<String, Stimulate> triggers = new LinkedHashMap<>();
    private volatile long lastHeardMillis = System.currentTimeMillis();
    private final long subscribedMillis = System.currentTimeMillis();
    private volatile String closedBecause;
    /** Applied time of the newest stimulation, or of the first command of the newest fired trigger vector (one event). */
    private Long lastAppliedMicros;
    private long commands;

    RemoteSession(String id, String user, Organoid culture, MeaLayout layout, LabSession session, long heartbeatMillis,
                  org.neurolab.api.clock.LabClock clock, Long dryRunSeed, Runnable afterClose) {
        this.clock = clock;
        this.dryRunSeed = dryRunSeed;
        this.afterClose = afterClose;
        this.id = id;
        this.user = user;
        this.culture = culture;
        this.layout = layout;
        this.session = session;
        this.heartbeatMillis = heartbeatMillis;
        this.spikes = new RemoteSpikeRing(SPIKE_RING, culture.electrodes());
        this.subscription = session.subscribe(culture.id(), new SignalListener() {
            @Override
            public void onSpikes(SpikeBatch batch) {
                spikes.add(batch);
            }

            @Override
            public void onWatermark(String meaId, long completeUpToMicros) {
                spikes.watermark(completeUpToMicros);
            }

            @Override
            public void onGap(String meaId, long fromMicros, long toMicros, String reason) {
                spikes.gap(fromMicros, toMicros, reason);
            }
        }, false);
    }

    void heard() {
        lastHeardMillis = System.currentTimeMillis();
    }

    boolean expired(long nowMillis) {
        return nowMillis - lastHeardMillis > heartbeatMillis;
    }

    long openedMillis() {
        return subscribedMillis;
    }

    long lastHeardMillis() {
        return lastHeardMillis;
    }

    String closedBecause() {
        return closedBecause;
    }

    boolean isOpen() {
        return closedBecause == null;
    }

    RemoteSpikeRing spikes() {
        return spikes;
    }

    /**
     * Returns once the culture's data is complete up to {@code labMicros} (the array's watermark has passed it): null,
     * or a note when the array's driver reports no watermark at all (an older one: its data is read as it comes). A
     * source still behind after {@link #DATA_LATE_MILLIS} ends the call with {@link RemoteDataLateException}.
     */
    String awaitData(long labMicros) throws InterruptedException {
        long started = System.currentTimeMillis();
        while (true) {
            long waited = System.currentTimeMillis() - started;
            if (spikes.awaitComplete(labMicros, Math.min(250, Math.max(1, DATA_LATE_MILLIS - waited)))) return null;
            long watermark = spikes.watermark();
            if (watermark == Long.MIN_VALUE && System.currentTimeMillis() - subscribedMillis > NO_WATERMARK_MILLIS)
                return "the array " + culture.meaId() + " reports no watermark (an older driver): this answer is read as the data came, not checked complete";
            waited = System.currentTimeMillis() - started;
            if (waited >= DATA_LATE_MILLIS) throw new RemoteDataLateException(culture.id(), labMicros, watermark, clock.nowMicros(), waited);
            if (closedBecause != null) requireOpen();
        }
    }

    synchronized CommandReceipt stimulate(List<Integer> electrodes, PulseTrain train) throws CommandRefusedException {
        requireOpen();
        CommandReceipt r = send(new Stimulate(culture.id(), electrodes, train));
        lastAppliedMicros = r.appliedMicros();
        return r;
    }

    synchronized void define(String name, List<Integer> electrodes, PulseTrain train) {
        requireOpen();
        if (triggers.size() >= 256 && !triggers.containsKey(name)) throw ApiException.badRequest("a session holds at most 256 triggers");
        triggers.put(name, new Stimulate(culture.id(), electrodes, train));
    }

    synchronized boolean forget(String name) {
        return triggers.remove(name) != null;
    }

    synchronized Map<String, Stimulate> triggers() {
        return new LinkedHashMap<>(triggers);
    }

    /** Fires the named triggers in order, one command each; every name is checked before anything is sent. */
    synchronized List<CommandReceipt> fire(List<String> names) throws CommandRefusedException {
        requireOpen();
        if (names.isEmpty()) throw ApiException.badRequest("fire needs at least one trigger name");
        List<Stimulate> todo = new ArrayList<>();
        for (String n : names) {
            Stimulate s = triggers.get(n);
            if (s == null) throw ApiException.badRequest("no trigger named '" + Call.clip(n) + "' in this session (defined: " + triggers.keySet() + ")");
            todo.add(s);
        }
        List<CommandReceipt> receipts = new ArrayList<>();
        for (Stimulate s : todo) receipts.add(send(s));
        lastAppliedMicros = receipts.get(0).appliedMicros();
        return receipts;
    }

    /** Where a count window starts by default: see {@link #lastAppliedMicros}; null before the first command. */
    synchronized Long lastAppliedMicros() {
        return lastAppliedMicros;
    }

    synchronized long commands() {
        return commands;
    }

    /** The session's culture's electrodes as absolute indices, or null when its array defines none. */
    List<Integer> absoluteElectrodes() {
        return org.neurolab.scripting.ElectrodeNumbering.offset(layout).isEmpty() ? null
                : org.neurolab.scripting.ElectrodeNumbering.absolute(layout, culture.electrodes());
    }

    OptionalInt absoluteOffset() {
        return org.neurolab.scripting.ElectrodeNumbering.offset(layout);
    }

    private CommandReceipt send(Stimulate s) throws CommandRefusedException {
        CommandReceipt r = session.stimulate(s);
        commands++;
        return r;
    }

    private void requireOpen() {
        if (closedBecause != null) throw new ApiException(410, "remote session " + id + " is closed (" + closedBecause + ")");
    }

    /** Closes the lab session (safe state for every device it touched); later calls say why it closed. */
    void close(String because) {
        synchronized (this) {
            if (closedBecause != null) return;
            closedBecause = because;
        }
        try {
            subscription.close();
        } catch (Exception ignored) {
            // the session's close ends it too
        }
        try {
            session.close();
        } finally {
            afterClose.run();
        }
    }
}
