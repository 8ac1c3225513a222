package org.neurolab.driver.sim;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Builds private simulated rigs in virtual time, for dry runs: nothing of the lab's own rig, drivers, recordings or
 * audit trail is touched. The culture models use the lab's simulated-rig settings (neurons per organoid, culture age),
 * so a dry run sees cultures like the lab's simulated ones.
 */
@ProviderType
public interface VirtualRigFactory {
    /** Builds the rig; refuses a specification it cannot simulate, saying why. The caller closes it. */
    VirtualRig create(VirtualRigSpec spec);

    /** The seed of the lab's simulated rig (its configuration), used when a dry run names none. */
    long defaultSeed();
}
