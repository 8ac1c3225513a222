package org.neurolab.driver.example.internal;

import java.lang.annotation.Annotation;
import org.neurolab.api.driver.EnvironmentSensorDriver;
import org.neurolab.driver.testkit.EnvironmentSensorDriverContract;

/** The example driver passes the kit every environment sensor driver must pass. */
class ExampleProbeContractTest extends EnvironmentSensorDriverContract {
    @Override
    protected EnvironmentSensorDriver createDriver() {
        return new ExampleIncubatorProbe(new ExampleProbeConfig() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return ExampleProbeConfig.class;
            }

            @Override
            public String deviceId() {
                return "example/incubator";
            }

            @Override
            public String rigId() {
                return "example";
            }

            @Override
            public double setpointCelsius() {
                return 37.0;
            }

            @Override
            public double setpointCo2Percent() {
                return 5.0;
            }
        }, "1.0.0");
    }

    @Override
    protected void stopDriver(EnvironmentSensorDriver driver) {
        // nothing runs in the background
    }
}
