package org.neurolab.driver.mqttenv.internal;

import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.neurolab.api.clock.LabClock;
import org.neurolab.api.driver.DeviceDriver;
import org.neurolab.api.driver.DeviceException;
import org.neurolab.api.driver.DeviceInfo;
import org.neurolab.api.driver.DeviceKind;
import org.neurolab.api.driver.DoorState;
import org.neurolab.api.driver.EnvironmentReading;
import org.neurolab.api.driver.EnvironmentSensorDriver;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An incubator whose sensors publish on an MQTT broker. Each message updates the quantities it carries (or is refused
 * whole, counted, with the reason); {@link #read()} serves temperature, CO2 and humidity only while each is current (no
 * older than {@code staleAfterSeconds}), and O2 and the door when measured and current. A stale quantity is logged once
 * when it goes stale and once when it is back.
 *
 * <p>FileInstall takes the part of a cfg file's name before the first dash as the factory PID, so
 * {@code org.neurolab.driver.mqtt-env-incubator1.cfg} is an instance of {@code org.neurolab.driver.mqtt} named
 * {@code env-incubator1}.
 */
@Component(configurationPid = MqttEnvironmentSensor.FACTORY_PID, configurationPolicy = ConfigurationPolicy.REQUIRE, service = {})
@Designate(ocd = MqttEnvConfig.class, factory = true)
public class MqttEnvironmentSensor implements EnvironmentSensorDriver {
    static final String FACTORY_PID = "org.neurolab.driver.mqtt";
    private static final Logger LOG = LoggerFactory.getLogger(MqttEnvironmentSensor.class);
    private static final long REFUSAL_LOG_EVERY_MILLIS = 60_000;

    private final SensorSettings settings;
    private final DeviceInfo info;
    private final LabClock clock;
    private final LongSupplier wallMillis;
    private final PayloadParser parser;
    private final Freshness freshness;
    private final BrokerLink link;
    private final ServiceRegistration<EnvironmentSensorDriver> registration;
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private volatile String lastRefusal = "";
    private long lastRefusalLoggedMillis = Long.MIN_VALUE;
    private long refusedSinceLogged;

    @Activate
    public MqttEnvironmentSensor(MqttEnvConfig config, @Reference LabClock clock, BundleContext context) throws MqttException {
        this(SensorSettings.from(config), clock, System::currentTimeMillis, context.getBundle().getVersion().toString(), context);
    }

    MqttEnvironmentSensor(SensorSettings settings, LabClock clock, LongSupplier wallMillis, String driverVersion) throws MqttException {
        this(settings, clock, wallMillis, driverVersion, null);
    }

    private MqttEnvironmentSensor(SensorSettings settings, LabClock clock, LongSupplier wallMillis, String driverVersion, BundleContext context)
            throws MqttException {
        this.settings = settings;
        this.clock = clock;
        this.wallMillis = wallMillis;
        this.info = new DeviceInfo(settings.deviceId(), DeviceKind.ENVIRONMENT_SENSOR, settings.rigId(), settings.vendor(), settings.model(),
                "mqtt-env driver " + driverVersion);
        this.parser = new PayloadParser(settings);
        this.freshness = new Freshness(settings.measured(), settings.staleAfterMillis(), wallMillis.getAsLong());
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "mqtt-env " + settings.deviceId());
            t.setDaemon(true);
            return t;
        });
        try {
            this.link = new BrokerLink(settings, this::onMessage, executor);
        } catch (MqttException | RuntimeException e) {
            executor.shutdownNow(); // no thread left behind by a sensor that never started
            throw e;
        }
        long check = Math.max(100, Math.min(1_000, settings.staleAfterMillis() / 4));
        executor.scheduleWithFixedDelay(this::logTransitions, check, check, TimeUnit.MILLISECONDS);
        link.start();
        // registered by hand: the SPI's device-id property comes from the configuration, which DS cannot compute
        Dictionary<String, Object> props = new Hashtable<>();
        props.put(DeviceDriver.DEVICE_ID, settings.deviceId());
        this.registration = context == null ? null : context.registerService(EnvironmentSensorDriver.class, this, props);
    }

    @Deactivate
    void stop() {
        if (registration != null) {
            try {
                registration.unregister();
            } catch (IllegalStateException e) {
                // the framework is stopping
            }
        }
        link.stop();
        LOG.info("{}: stopped ({} messages accepted, {} refused)", settings.deviceId(), accepted.get(), refused.get());
    }

    @Override
    public DeviceInfo info() {
        return info;
    }

    @Override
    public void enterSafeState() {
        // a sensor cannot harm a culture
    }

    @Override
    public EnvironmentReading read() throws DeviceException {
        long now = wallMillis.getAsLong();
        List<String> notCurrent = new ArrayList<>();
        double[] v = new double[Quantity.values().length];
        for (Quantity q : Quantity.values()) {
            v[q.ordinal()] = Double.NaN;
            if (!freshness.measured().contains(q)) continue;
            Freshness.Status s = freshness.status(q, now);
            if (!s.stale()) v[q.ordinal()] = s.value();
            else if (q.required()) notCurrent.add(s.describe(freshness.limitMillis()));
        }
        if (!notCurrent.isEmpty())
            throw new DeviceException(settings.deviceId() + " has no current reading: " + String.join("; ", notCurrent) + "; " + link.describe());
        double door = v[Quantity.DOOR.ordinal()];
        return new EnvironmentReading(clock.nowMicros(), v[Quantity.TEMPERATURE.ordinal()], v[Quantity.CO2.ordinal()], v[Quantity.HUMIDITY.ordinal()],
                v[Quantity.O2.ordinal()], Double.isNaN(door) ? DoorState.UNKNOWN : door > 0.5 ? DoorState.OPEN : DoorState.CLOSED);
    }

    /** Messages accepted since start. */
    long acceptedMessages() {
        return accepted.get();
    }

    /** Messages refused since start. */
    long refusedMessages() {
        return refused.get();
    }

    /** Why the last refused message was refused. */
    String lastRefusal() {
        return lastRefusal;
    }

    boolean connected() {
        return link.connected();
    }

    /** What each measured quantity is now, for the log and for tests. */
    List<Freshness.Status> status() {
        long now = wallMillis.getAsLong();
        return freshness.measured().stream().sorted().map(q -> freshness.status(q, now)).toList();
    }

    void onMessage(String topic, MqttMessage message) {
        if (message.getPayload().length == 0) return; // MQTT's way to clear a retained message: no reading, nothing wrong
        try {
            PayloadParser.Parsed p = parser.parse(topic, message.getPayload());
            long now = wallMillis.getAsLong();
            long at;
            if (p.timestampMillis().isPresent()) {
                at = p.timestampMillis().getAsLong();
                if (at > now + 5_000)
                    throw new PayloadParser.BadPayload("timestamp " + java.time.Instant.ofEpochMilli(at) + " is " + (at - now) / 1000
                            + " s in the future: the publisher's clock is off");
            } else if (message.isRetained() && !settings.acceptRetainedWithoutTimestamp()) {
                throw new PayloadParser.BadPayload("retained message without a timestamp: its age is unknown (set timestampField, or acceptRetainedWithoutTimestamp=true)");
            } else {
                at = now;
            }
            for (PayloadParser.Sample s : p.samples()) freshness.accept(s.quantity(), s.value(), at);
            accepted.incrementAndGet();
        } catch (PayloadParser.BadPayload e) {
            refuse(topic, e.getMessage());
        } catch (RuntimeException e) {
            refuse(topic, "cannot be read: " + e);
        }
    }

    private synchronized void refuse(String topic, String reason) {
        lastRefusal = "on " + topic + ": " + reason; // before the count: whoever sees the count sees its reason
        refused.incrementAndGet();
        long now = wallMillis.getAsLong();
        // the first refusal, then at most one line a minute: a publisher gone wrong must not flood the lab's log
        if (lastRefusalLoggedMillis == Long.MIN_VALUE || now - lastRefusalLoggedMillis >= REFUSAL_LOG_EVERY_MILLIS) {
            LOG.warn("{}: refused a message {}{}", settings.deviceId(), lastRefusal,
                    refusedSinceLogged > 0 ? String.format(Locale.ROOT, " (and %d more since the last report)", refusedSinceLogged) : "");
            lastRefusalLoggedMillis = now;
            refusedSinceLogged = 0;
        } else {
            refusedSinceLogged++;
        }
    }

    private void logTransitions() {
        try {
            for (Freshness.Transition t : freshness.transitions(wallMillis.getAsLong())) {
                if (t.nowStale()) LOG.warn("{}: {} — not served as current{}", settings.deviceId(), t.status().describe(freshness.limitMillis()),
                        t.status().quantity().required() ? " (the sensor serves no reading until it is back)" : "");
                else LOG.info("{}: {} current again: {}", settings.deviceId(), t.status().quantity().label, t.status().describe(freshness.limitMillis()));
            }
        } catch (RuntimeException e) {
            LOG.warn("{}: staleness check failed: {}", settings.deviceId(), e.toString());
        }
    }
}
