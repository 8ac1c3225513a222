package org.neurolab.api.driver;

/** The incubator door as a sensor reports it; {@link #UNKNOWN} when the incubator has no door sensor or it is not read. */
public enum DoorState {
    OPEN,
    CLOSED,
    UNKNOWN
}
