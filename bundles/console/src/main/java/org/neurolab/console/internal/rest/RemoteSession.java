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
    private volatile String closedBecause;
    private CommandReceipt lastReceipt;
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
        }, false);
    }

    void heard() {
        lastHeardMillis = System.currentTimeMillis();
    }

    boolean expired(long nowMillis) {
        return nowMillis - lastHeardMillis > heartbeatMillis;
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

    synchronized CommandReceipt stimulate(List<Integer> electrodes, PulseTrain train) throws CommandRefusedException {
        requireOpen();
        return send(new Stimulate(culture.id(), electrodes, train));
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
        return receipts;
    }

    synchronized CommandReceipt lastReceipt() {
        return lastReceipt;
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
        lastReceipt = r;
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
