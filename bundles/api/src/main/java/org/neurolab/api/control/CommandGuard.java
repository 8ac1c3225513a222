package org.neurolab.api.control;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A check on the command path. Register one as a service with the {@link #NAME} property; the control
 * service asks every registered guard before each command and refuses when any says no, throws, or when a
 * guard the lab's configuration requires is not registered. Guards run on the caller's thread in closed
 * loops: decide from memory, in microseconds, with no I/O.
 */
@ConsumerType
public interface CommandGuard {
    /** Service property: the guard's name (e.g. {@code ethics}, {@code scheduling}, {@code dosing}). */
    String NAME = "neurolab.guard.name";

    GuardDecision check(CommandRequest request);
}
