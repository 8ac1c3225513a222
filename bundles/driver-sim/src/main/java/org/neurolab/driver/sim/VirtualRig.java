package org.neurolab.driver.sim;

import org.neurolab.api.chemistry.MediumChemistry;
import org.neurolab.api.clock.LabClock;
import org.neurolab.api.control.CommandGuard;
import org.neurolab.api.control.CommandJournal;
import org.neurolab.api.control.PrivateControl;
import org.neurolab.api.lab.CultureRegistry;
import org.osgi.annotation.versioning.ProviderType;

/**
 * A private simulated rig in virtual time: lab time stands still until someone waits on its clock, and the waiter runs
 * the culture models forward as fast as the machine can, deterministically for the seed.
 *
 * <p>Its command path is the lab's own code (a {@link org.neurolab.api.control.PrivateCommandPaths private path} of the
 * control service) over the rig's devices: the same checks, the same guard rules, the same refusals. It asks only the
 * guards given to it ({@link #useGuard}: the ethics and dosing rehearsals), and a guard the lab requires but was not
 * given refuses every command, as in the lab; only the journals given to it hear of commands: nothing a dry run does
 * is recorded in the lab's audit trail.
 */
@ProviderType
public interface VirtualRig extends AutoCloseable {
    /** Sessions on this rig only: the lab's command path over this rig's devices. */
    PrivateControl control();

    /** The copied cultures, with the ids and electrodes of the real ones. */
    CultureRegistry cultureRegistry();

    /** This rig's virtual clock, starting at 0. */
    LabClock clock();

    long seed();

    /** Stimulations carried out on this rig so far. */
    long stimulationsCarriedOut();

    /**
     * What the private chambers hold from now on: a dry run's dosing rehearsal, read every 20 ms of the rig's lab time
     * as the lab's simulated rig reads the dosing service. Without one the cultures sit in plain medium.
     */
    void useChemistry(MediumChemistry chemistry);

    /**
     * A guard that judges every command before the rig carries it out, after the checks above, as the lab's control
     * service asks its guards (a dry run adds the ethics and dosing rehearsals); it stands for the lab's guard of that
     * name, and a refusal names it. Guards are asked in the order they were added.
     */
    void useGuard(String name, CommandGuard guard);

    /** A journal told of the rig's decisions and of what it carried out (the dosing rehearsal books doses there). */
    void useJournal(String name, CommandJournal journal);

    /** Stops the models and frees them; sessions still open are closed (their devices to the safe state). */
    @Override
    void close();
}
