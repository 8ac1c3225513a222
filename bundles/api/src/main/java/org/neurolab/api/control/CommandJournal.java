package org.neurolab.api.control;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Receives every decision of the command path before the command is carried out (the ethics bundle's
 * audit log is one). A journal that throws stops the command: what cannot be recorded is not done.
 */
@ConsumerType
public interface CommandJournal {
    /** Service property: the journal's name; the control configuration can require journals by name. */
    String NAME = "neurolab.journal.name";

    void append(CommandRecord record) throws Exception;

    /**
     * The command appended before was carried out by its device (not called when the device failed). For
     * bookkeeping that must follow what really happened, such as the dosing bundle's concentrations.
     * Must not throw: the command is done.
     */
    default void carriedOut(CommandRecord record, CommandReceipt receipt) {
    }
}
