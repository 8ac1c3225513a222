package org.neurolab.dosing;

import org.neurolab.api.chemistry.MediumChemistry;
import org.neurolab.api.control.CommandGuard;
import org.neurolab.api.control.CommandJournal;
import org.osgi.annotation.versioning.ProviderType;

/**
 * A private copy of the lab's dosing state for a dry run (see {@link Dosing#rehearsal}). It plans doses and medium
 * exchanges; given to the dry run's private command path as its "dosing" guard and journal it judges them by the lab's
 * own rules and limits and books them, and it tells the dry run's simulated cultures what is in their chambers; nothing
 * it does reaches the lab's dosing log, reservoirs, ledger or recordings.
 */
@ProviderType
public interface DosingRehearsal extends Dosing, MediumChemistry, CommandGuard, CommandJournal {
}
