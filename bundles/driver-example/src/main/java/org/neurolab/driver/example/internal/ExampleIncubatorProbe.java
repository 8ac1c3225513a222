package org.neurolab.driver.example.internal;

import org.neurolab.api.driver.DeviceDriver;
import org.neurolab.api.driver.DeviceInfo;
import org.neurolab.api.driver.DeviceKind;
import org.neurolab.api.driver.EnvironmentReading;
import org.neurolab.api.driver.EnvironmentSensorDriver;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.metatype.annotations.Designate;

/**
 * An incubator probe that reads its setpoints with a slow, bounded wobble, as a well-regulated incubator
 * does. It reports the bundle's version as firmware, so an update is visible in the device list.
 */
@Component(configurationPid = "org.neurolab.driver.example", property = DeviceDriver.DEVICE_ID + "=example/incubator")
@Designate(ocd = ExampleProbeConfig.class)
public class ExampleIncubatorProbe implements EnvironmentSensorDriver {
    private final DeviceInfo info;
    private final ExampleProbeConfig config;
    private final long startNanos = System.nanoTime();

    @Activate
    public ExampleIncubatorProbe(ExampleProbeConfig config, BundleContext context) {
        this(config, context.getBundle().getVersion().toString());
    }

    ExampleIncubatorProbe(ExampleProbeConfig config, String firmwareVersion) {
        this.config = config;
        this.info = new DeviceInfo(config.deviceId(), DeviceKind.ENVIRONMENT_SENSOR, config.rigId(), "NeuroLab", "Example incubator probe",
                firmwareVersion);
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
    public EnvironmentReading read() {
        long micros = (System.nanoTime() - startNanos) / 1_000;
        double phase = micros / 60e6 * 2 * Math.PI; // one slow cycle per minute
        return new EnvironmentReading(micros, config.setpointCelsius() + 0.05 * Math.sin(phase), config.setpointCo2Percent() + 0.02 * Math.cos(phase),
                95.0);
    }
}
