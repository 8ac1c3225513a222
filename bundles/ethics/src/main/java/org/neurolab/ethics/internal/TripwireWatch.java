package org.neurolab.ethics.internal;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.neurolab.api.clock.LabClock;
import org.neurolab.api.control.Caller;
import org.neurolab.api.control.LabControl;
import org.neurolab.api.control.LabSession;
import org.neurolab.api.driver.SignalListener;
import org.neurolab.api.signal.SpikeBatch;
import org.neurolab.api.lab.CultureRegistry;
import org.neurolab.api.lab.CultureState;
import org.neurolab.api.lab.Organoid;
import org.neurolab.ethics.EthicsOffice;
import org.neurolab.ethics.tripwire.CultureActivity;
import org.neurolab.ethics.tripwire.TripwireLimits;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches every culture's spikes and holds a culture for human review when its activity is lost or becomes
 * abnormally synchronous. It judges only data its array says is complete (the watermark), and starts a culture's window
 * afresh after a gap: a rig that falls behind or loses data raises the rig's health alarm, never a culture's hold. Reading spikes needs no guard; the hold goes through the ethics office, so it is audited
 * and the guard refuses the culture until a person releases it.
 */
@Component(configurationPid = EthicsConfig.PID, configurationPolicy = ConfigurationPolicy.REQUIRE, immediate = true, service = {})
public class TripwireWatch {
    private static final Logger LOG = LoggerFactory.getLogger(TripwireWatch.class);
    static final String ACTOR = "system:tripwire";

    private final EthicsOffice office;
    private final CultureRegistry cultures;
    private final TripwireLimits limits;
    private final LabSession session;
    private final Map<String, CultureActivity> watched = new ConcurrentHashMap<>();
    private final Set<String> held = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("ethics-tripwire").daemon().factory());
    private final boolean enabled;

    @Reference(policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile LabClock clock;

    @Activate
    public TripwireWatch(EthicsConfig config, @Reference EthicsOffice office, @Reference LabControl control, @Reference CultureRegistry cultures) {
        this.office = office;
        this.cultures = cultures;
        this.enabled = config.tripwires();
        this.limits = new TripwireLimits(config.tripwireWindowSeconds() * 1_000_000L, config.tripwireMinEvents(), 10_000L,
                config.tripwireSynchronousFraction(), config.tripwireMaxSynchronousBins());
        this.session = control.openSession(new Caller(ACTOR, Set.of("system"), "monitoring"));
        if (enabled) timer.scheduleWithFixedDelay(this::tick, 0, 500, TimeUnit.MILLISECONDS);
    }

    @Deactivate
    void deactivate() {
        timer.shutdownNow();
        session.close();
    }

    /** Picks up new cultures, lets lab time pass for all (silence counts), and acts on what tripped. */
    private void tick() {
        try {
            for (Organoid o : cultures.cultures()) {
                if (o.state() != CultureState.ACTIVE || watched.containsKey(o.id())) continue;
                try {
                    watched.put(o.id(), fresh(o));
                    session.subscribe(o.id(), new SignalListener() {
                        @Override
                        public void onSpikes(SpikeBatch batch) {
                            CultureActivity a = watched.get(o.id());
                            if (a != null) a.add(batch);
                        }

                        @Override
                        public void onWatermark(String meaId, long completeUpToMicros) {
                            CultureActivity a = watched.get(o.id());
                            if (a != null) a.complete(completeUpToMicros);
                        }

                        @Override
                        public void onGap(String meaId, long fromMicros, long toMicros, String reason) {
                            CultureActivity a = watched.get(o.id());
                            if (a != null) a.gap(toMicros);
                        }
                    }, false);
                } catch (RuntimeException e) {
                    LOG.debug("Cannot watch {} yet: {}", o.id(), e.getMessage());
                }
            }
            LabClock c = clock;
            if (c == null) return;
            long now = c.nowMicros();
            Map<String, String> holds = office.holds();
            for (String id : Set.copyOf(held)) {
                if (!holds.containsKey(id)) { // a person released it: judge it afresh from now on
                    held.remove(id);
                    cultures.culture(id).ifPresent(o -> watched.put(id, fresh(o)));
                }
            }
            for (Map.Entry<String, CultureActivity> w : watched.entrySet()) {
                CultureActivity a = w.getValue();
                a.advanceToComplete(); // judged on complete data only: a late or gapped source is a rig alarm, not the culture's silence
                String why = held.contains(w.getKey()) ? null : a.tripped();
                if (why != null) hold(w.getKey(), why, now);
            }
        } catch (RuntimeException e) {
            LOG.error("Tripwire check failed", e);
        }
    }

    private CultureActivity fresh(Organoid o) {
        return new CultureActivity(o.id(), Set.copyOf(o.electrodes()), limits);
    }

    private void hold(String organoid, String why, long now) {
        held.add(organoid);
        LOG.warn("Tripwire: {} held for review: {}", organoid, why);
        try {
            office.hold(organoid, "tripwire: " + why, ACTOR);
        } catch (RuntimeException e) {
            LOG.error("Tripwire could not hold {}: {}", organoid, e.getMessage());
            held.remove(organoid);
        }
    }
}
