package org.neurolab.driver.mqttenv.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * One incubator's sensors on an MQTT broker: {@code deploy/org.neurolab.driver.mqtt-env-<name>.cfg}. Either one JSON
 * {@link #topic()} carries every quantity (as fields), or each quantity has its own topic; both may be combined (e.g. the
 * door from a separate contact sensor). A quantity with neither a topic nor a field in the JSON topic is not measured.
 */
@ObjectClassDefinition(name = "NeuroLab MQTT incubator sensor")
public @interface MqttEnvConfig {
    @AttributeDefinition(description = "Broker URI: tcp://host:1883, ssl://host:8883")
    String brokerUri() default "tcp://127.0.0.1:1883";

    @AttributeDefinition(description = "MQTT client id; empty = neurolab-<device id>-<random>, unique per connection")
    String clientId() default "";

    String username() default "";

    @AttributeDefinition(type = org.osgi.service.metatype.annotations.AttributeType.PASSWORD)
    String password() default "";

    String rigId() default "rig1";

    String deviceId() default "rig1/incubator";

    @AttributeDefinition(description = "What the device list shows as vendor and model")
    String vendor() default "";

    String model() default "MQTT incubator sensor";

    @AttributeDefinition(description = "One topic whose JSON payload holds the quantities as fields; empty = per-quantity topics only")
    String topic() default "";

    String temperatureTopic() default "";

    String co2Topic() default "";

    String o2Topic() default "";

    String humidityTopic() default "";

    String doorTopic() default "";

    @AttributeDefinition(description = "json (fields by the names below) or plain (the payload is the value itself) on per-quantity topics; the JSON topic is always JSON")
    String payloadFormat() default "json";

    @AttributeDefinition(description = "JSON field names; a dotted name reaches into objects (state.temperature); empty = not in the JSON topic")
    String temperatureField() default "temperature";

    String co2Field() default "co2";

    String o2Field() default "o2";

    String humidityField() default "humidity";

    String doorField() default "door";

    @AttributeDefinition(description = "Field with the reading's own time (epoch ms or ISO-8601); empty = the time it arrived")
    String timestampField() default "";

    @AttributeDefinition(description = "C, F or K")
    String temperatureUnit() default "C";

    @AttributeDefinition(description = "percent or ppm")
    String co2Unit() default "percent";

    @AttributeDefinition(description = "percent or ppm")
    String o2Unit() default "percent";

    @AttributeDefinition(description = "percent or fraction (0..1)")
    String humidityUnit() default "percent";

    @AttributeDefinition(description = "A quantity not heard of for this long is stale: not served as current")
    double staleAfterSeconds() default 60;

    @AttributeDefinition(description = "Retained messages without a timestamp have an unknown age; accept them anyway?")
    boolean acceptRetainedWithoutTimestamp() default false;

    int qos() default 1;

    double reconnectInitialSeconds() default 1;

    double reconnectMaxSeconds() default 30;
}
