package org.neurolab.api.lab;

import java.util.List;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A source of cultures besides the operators' configuration: a simulated rig announces the organoids it
 * simulates. The {@link CultureRegistry} merges every provider's cultures with the configured ones.
 */
@ConsumerType
public interface CultureProvider {
    List<Organoid> cultures();
}
