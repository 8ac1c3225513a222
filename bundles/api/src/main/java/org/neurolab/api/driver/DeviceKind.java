package org.neurolab.api.driver;

/** The kinds of device a driver can provide; each has its own driver interface. */
public enum DeviceKind {
    MEA(MeaDriver.class),
    PUMP(PumpDriver.class),
    LIGHT(LightDriver.class),
    ENVIRONMENT_SENSOR(EnvironmentSensorDriver.class);

    private final Class<? extends DeviceDriver> driverType;

    DeviceKind(Class<? extends DeviceDriver> driverType) {
        this.driverType = driverType;
    }

    public Class<? extends DeviceDriver> driverType() {
        return driverType;
    }
}
