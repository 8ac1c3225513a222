package org.neurolab.driver.mqttenv.internal;

import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.Map;
import org.neurolab.api.clock.LabClock;
import org.neurolab.testsupport.RealTimeLabClock;

/** Configurations as ConfigAdmin would hand them to the component: the given keys, the annotation's defaults for the rest. */
final class TestConfig {
    private TestConfig() {
    }

    static MqttEnvConfig mqtt(Map<String, Object> values) {
        Map<String, Object> v = new HashMap<>(values);
        return (MqttEnvConfig) Proxy.newProxyInstance(MqttEnvConfig.class.getClassLoader(), new Class<?>[] {MqttEnvConfig.class}, (proxy, method, args) -> {
            if (method.getName().equals("annotationType")) return MqttEnvConfig.class;
            if (method.getName().equals("toString")) return "MqttEnvConfig" + v;
            if (method.getName().equals("hashCode")) return v.hashCode();
            if (method.getName().equals("equals")) return proxy == args[0];
            return v.containsKey(method.getName()) ? v.get(method.getName()) : method.getDefaultValue();
        });
    }

    /** Lab time following the wall clock from its creation. */
    static LabClock clock() {
        return new RealTimeLabClock();
    }
}
