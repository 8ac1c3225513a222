package org.neurolab.api.control;

import org.neurolab.api.driver.SignalListener;
import org.osgi.annotation.versioning.ProviderType;

/**
 * One caller's use of the lab: a script run or a console action. Closing it returns every device it
 * touched to its safe state, however the session ended.
 */
@ProviderType
public interface LabSession extends AutoCloseable {
    String id();

    Caller caller();

    /** Stimulate after every guard has allowed it and the decision is journaled. */
    CommandReceipt stimulate(Stimulate command) throws CommandRefusedException;

    /** Dose a compound after every guard has allowed it and the decision is journaled. */
    CommandReceipt dose(Dose command) throws CommandRefusedException;

    /** Exchange the medium of a culture's chamber, guarded and journaled like every command. */
    CommandReceipt exchangeMedium(ExchangeMedium command) throws CommandRefusedException;

    /**
     * Receive the spikes (and, if asked, raw samples) of the array a culture sits on. Reading needs no
     * guard and keeps working when the lab fails closed. Closing the returned handle ends the subscription;
     * closing the session ends all of them.
     */
    AutoCloseable subscribe(String organoidId, SignalListener listener, boolean wantsRaw);

    /** Every device this session touched goes to its safe state now. Never refused. */
    void emergencyStop();

    @Override
    void close();
}
