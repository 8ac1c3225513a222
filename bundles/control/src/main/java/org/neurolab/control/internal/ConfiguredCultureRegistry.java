package org.neurolab.control.internal;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.neurolab.api.lab.CultureRegistry;
import org.neurolab.api.lab.Organoid;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The cultures configured through ConfigAdmin ({@link CultureConfig}); an id configured twice keeps the first. */
@Component
public class ConfiguredCultureRegistry implements CultureRegistry {
    private static final Logger LOG = LoggerFactory.getLogger(ConfiguredCultureRegistry.class);
    private final List<CultureEntry> entries = new CopyOnWriteArrayList<>();

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void addCulture(CultureEntry entry) {
        if (culture(entry.organoid().id()).isPresent())
            LOG.error("Culture id '{}' is configured twice; the second configuration is ignored", entry.organoid().id());
        entries.add(entry);
    }

    void removeCulture(CultureEntry entry) {
        entries.remove(entry);
    }

    @Override
    public List<Organoid> cultures() {
        return entries.stream().map(CultureEntry::organoid).distinct()
                .filter(o -> culture(o.id()).orElse(null) == o)
                .sorted(Comparator.comparing(Organoid::id)).toList();
    }

    @Override
    public Optional<Organoid> culture(String id) {
        for (CultureEntry e : entries) if (e.organoid().id().equals(id)) return Optional.of(e.organoid());
        return Optional.empty();
    }
}
