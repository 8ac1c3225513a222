package org.neurolab.driver.intan.internal;

import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import org.neurolab.api.clock.LabClock;
import org.neurolab.api.driver.DeviceDriver;
import org.neurolab.api.driver.MeaDriver;
import org.neurolab.api.lab.CultureProvider;
import org.neurolab.api.lab.Organoid;
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
 * One RHX controller per {@code deploy/org.neurolab.driver.intan-<name>.cfg}. The MEA and its cultures appear only once
 * the controller has been verified (type, sample rate, channels); a controller that does not fit keeps them absent and
 * the reason is logged and shown by {@code ./neurolab intan}.
 */
@Component(configurationPid = IntanRhxConfig.FACTORY_PID, configurationPolicy = ConfigurationPolicy.REQUIRE, immediate = true,
        service = IntanRhxComponent.class)
@Designate(ocd = IntanRhxConfig.class, factory = true)
public class IntanRhxComponent implements IntanRhxMea.Presence {
    private static final Logger LOG = LoggerFactory.getLogger(IntanRhxComponent.class);

    private final BundleContext context;
    private final IntanRhxMea mea;
    private final List<ServiceRegistration<?>> registrations = new ArrayList<>();
    private boolean deactivated;

    @Activate
    public IntanRhxComponent(BundleContext context, Map<String, Object> properties, @Reference LabClock clock) {
        this.context = context;
        DriverSettings settings;
        try {
            settings = DriverSettings.from(properties);
        } catch (IllegalArgumentException e) {
            LOG.error("Intan RHX driver configuration {} refused: {}", properties.get("service.pid"), e.getMessage());
            throw e;
        }
        this.mea = new IntanRhxMea(settings, clock, context.getBundle().getVersion().toString(), this);
        mea.start();
    }

    @Deactivate
    void deactivate() {
        synchronized (registrations) {
            deactivated = true;
            unregister();
        }
        mea.stop();
    }

    DriverStatus status() {
        return mea.status();
    }

    @Override
    public void verified(IntanRhxMea m) {
        synchronized (registrations) {
            if (deactivated || !registrations.isEmpty()) return;
            Dictionary<String, Object> props = new Hashtable<>();
            props.put(DeviceDriver.DEVICE_ID, m.info().deviceId());
            registrations.add(context.registerService(MeaDriver.class, m, props));
            List<Organoid> cultures = m.settings().cultures();
            if (!cultures.isEmpty()) registrations.add(context.registerService(CultureProvider.class, () -> cultures, null));
        }
    }

    @Override
    public void refused(IntanRhxMea m, String reason) {
        synchronized (registrations) {
            unregister();
        }
    }

    private void unregister() {
        for (ServiceRegistration<?> r : registrations) {
            try {
                r.unregister();
            } catch (IllegalStateException alreadyGone) {
                // the framework is stopping
            }
        }
        registrations.clear();
    }
}
