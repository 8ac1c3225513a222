package org.neurolab.api.lab;

import java.util.List;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/** The cultures the lab knows, as configured by its operators. */
@ProviderType
public interface CultureRegistry {
    List<Organoid> cultures();

    Optional<Organoid> culture(String id);
}
