package org.neurolab.recording.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "NeuroLab recording", description = "Spike detection, the stream bus and the recording store")
public @interface RecordingConfig {
    String PID = "org.neurolab.recording";

    @AttributeDefinition(description = "JDBC URL of the store; empty = embedded H2 file in the lab's data folder (data/recording/recordings.mv.db). "
            + "PostgreSQL: jdbc:postgresql://host:5432/db")
    String jdbcUrl() default "";

    String jdbcUser() default "";

    @AttributeDefinition(type = org.osgi.service.metatype.annotations.AttributeType.PASSWORD)
    String jdbcPassword() default "";

    @AttributeDefinition(description = "Start recording at lab start: empty = no, 'all' = every culture, or a comma-separated list of organoid ids")
    String autoRecord() default "";

    @AttributeDefinition(description = "Keep raw traces of automatic recordings (chunked files in data/recording/raw)")
    boolean rawTraces() default false;

    double thresholdSigmas() default 6.0;

    boolean adaptiveThreshold() default false;

    long deadTimeMicros() default 1_000;

    long blankingMicros() default 10_000;

    @AttributeDefinition(description = "How often the writer commits (ms); a spike is acknowledged when its commit is done")
    long commitMillis() default 100;

    @AttributeDefinition(description = "How often every rig's incubator sensors are read into the store (ms of lab time); 0 = not at all")
    long telemetryPeriodMillis() default 10_000;
}
