package org.neurolab.driver.serialpump.internal;

import java.util.Dictionary;
import java.util.Hashtable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.neurolab.api.driver.DeviceDriver;
import org.neurolab.api.driver.DeviceException;
import org.neurolab.api.driver.DeviceInfo;
import org.neurolab.api.driver.PumpDriver;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One configured pump: connects (retrying while the pump does not answer, e.g. not yet switched on), registers the
 * driver once the pump is identified, watches it (injection done, alarms, a pump that stops answering: logged once per
 * change), and stops the pump and releases the port on stop.
 *
 * <p>FileInstall takes the part of a cfg file's name before the first dash as the factory PID:
 * {@code org.neurolab.driver.serial-pump-pump0.cfg} is an instance of {@code org.neurolab.driver.serial}.
 */
@Component(configurationPid = SerialPumpComponent.FACTORY_PID, configurationPolicy = ConfigurationPolicy.REQUIRE, service = {})
@Designate(ocd = SerialPumpConfig.class, factory = true)
public class SerialPumpComponent {
    static final String FACTORY_PID = "org.neurolab.driver.serial";
    private static final Logger LOG = LoggerFactory.getLogger(SerialPumpComponent.class);
    private static final long POLL_MILLIS = 500;

    private final PumpSettings settings;
    private final PumpLink link;
    private final Ne1000Pump pump;
    private final BundleContext context;
    private final ScheduledExecutorService executor;
    private volatile ServiceRegistration<PumpDriver> registration;
    private volatile String lastState = "";
    private boolean warnedUnreachable;

    @Activate
    public SerialPumpComponent(SerialPumpConfig config, BundleContext context) {
        this.settings = PumpSettings.from(config);
        this.context = context;
        this.link = new PumpLink(settings.port(), settings.baud(), settings.address(), settings.replyTimeoutMillis());
        this.pump = new Ne1000Pump(settings, link);
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "serial-pump " + settings.deviceId());
            t.setDaemon(true);
            return t;
        });
        executor.execute(this::connect);
    }

    private void connect() {
        try {
            DeviceInfo info = pump.connect();
            Dictionary<String, Object> props = new Hashtable<>();
            props.put(DeviceDriver.DEVICE_ID, info.deviceId());
            registration = context.registerService(PumpDriver.class, pump, props);
            LOG.info("{}: {} {} (firmware {}) on {} at {} baud, address {}, syringe {} mm; stopped", info.deviceId(), info.vendor(), info.model(),
                    info.firmwareVersion(), settings.port(), settings.baud(), settings.address(), settings.diameterMillimetres());
            executor.scheduleWithFixedDelay(this::watch, POLL_MILLIS, POLL_MILLIS, TimeUnit.MILLISECONDS);
        } catch (DeviceException | RuntimeException e) {
            if (!warnedUnreachable) LOG.warn("{}: {}; trying again every {} s", settings.deviceId(), e.getMessage(), settings.connectRetryMillis() / 1000.0);
            warnedUnreachable = true;
            link.close();
            executor.schedule(this::connect, settings.connectRetryMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void watch() {
        String state;
        try {
            state = "answering, " + pump.poll();
        } catch (DeviceException e) {
            state = "not answering properly: " + e.getMessage();
        } catch (RuntimeException e) {
            state = "failing: " + e;
        }
        boolean answering = state.startsWith("answering");
        if (answering != lastState.startsWith("answering") || lastState.isEmpty()) {
            if (answering && !lastState.isEmpty()) LOG.info("{}: the pump is {} again", settings.deviceId(), state);
            else if (!answering) LOG.warn("{}: the pump is {}", settings.deviceId(), state);
        }
        lastState = state;
    }

    @Deactivate
    void stop() {
        ServiceRegistration<PumpDriver> r = registration;
        if (r != null) {
            try {
                r.unregister();
            } catch (IllegalStateException e) {
                // the framework is stopping
            }
        }
        executor.shutdownNow();
        try {
            executor.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (r != null) pump.stopPump();
        link.close();
        LOG.info("{}: stopped; the pump is stopped and {} released", settings.deviceId(), settings.port());
    }
}
