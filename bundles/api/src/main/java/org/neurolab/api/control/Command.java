package org.neurolab.api.control;

import org.osgi.annotation.versioning.ProviderType;

/** Something done to a culture. Every command names its culture, so guards can judge it. */
@ProviderType
public interface Command {
    /** The culture acted on. */
    String organoidId();

    /** A short name of the action for guards, logs and the audit trail, e.g. {@code stimulate}. */
    String action();
}
