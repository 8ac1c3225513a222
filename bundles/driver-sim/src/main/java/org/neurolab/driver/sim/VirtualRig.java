package org.neurolab.driver.sim;

import org.neurolab.api.chemistry.MediumChemistry;
import org.neurolab.api.clock.LabClock;
import org.neurolab.api.control.CommandGuard;
import org.neurolab.api.control.LabControl;
import org.neurolab.api.lab.CultureRegistry;
import org.osgi.annotation.versioning.ProviderType;

/**
 * A private simulated rig in virtual time: lab time stands still until someone waits on its clock, and the waiter runs
 * the culture models forward as fast as the machine can, deterministically for the seed.
 *
 * <p>Its command path checks what the lab's control checks before the guards (the culture is known and ACTIVE, the
 * electrodes are under it, the pulse train fits the real array's stimulator range); doses and medium exchanges are taken
 * as given (their limits are the dosing rehearsal's to judge, see {@link #useChemistry}); it asks only the guards given to it
 * ({@link #useGuard}) and has no journal: nothing a dry run does is recorded in the lab's audit trail.
 */
@ProviderType
public interface VirtualRig extends AutoCloseable {
    /** Sessions on this rig only; the same contract as the lab's control service. */
    LabControl control();

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
     * service asks its guards (a dry run adds the ethics rehearsal); a refusal names {@code name}. Guards are asked in
     * the order they were added.
     */
    void useGuard(String name, CommandGuard guard);

    /** Stops the models and frees them; sessions still open are closed (their devices to the safe state). */
    @Override
    void close();
}
