package org.neurolab.dosing;

import org.neurolab.api.chemistry.MediumChemistry;
import org.osgi.annotation.versioning.ProviderType;

/**
 * A private copy of the lab's dosing state for a dry run (see {@link Dosing#rehearsal}). It plans and judges doses and
 * medium exchanges by the lab's own rules and limits, and tells the dry run's simulated cultures what is in their
 * chambers; nothing it does reaches the lab's dosing log, reservoirs, ledger or recordings.
 */
@ProviderType
public interface DosingRehearsal extends Dosing, MediumChemistry {
}
