package org.neurolab.scheduling;

/** A reservation is booked until cancelled; ended slots stay booked (for the record). */
public enum ReservationState {
    BOOKED, CANCELLED
}
