package org.neurolab.driver.example.internal;

import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Example incubator probe")
public @interface ExampleProbeConfig {
    String deviceId() default "example/incubator";

    String rigId() default "example";

    double setpointCelsius() default 37.0;

    double setpointCo2Percent() default 5.0;
}
