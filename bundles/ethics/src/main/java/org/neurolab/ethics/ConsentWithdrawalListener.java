package org.neurolab.ethics;

import java.util.Set;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Told when a donor consent is withdrawn, after the guard already refuses every action on the affected cultures.
 * Register one as a service (whiteboard); the scheduler cancels the queued runs of these cultures here.
 */
@ConsumerType
public interface ConsentWithdrawalListener {
    void consentWithdrawn(String consentId, Set<String> organoidIds, String reason);
}
