package org.neurolab.control.internal;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.neurolab.api.lab.CultureProvider;
import org.neurolab.api.lab.CultureRegistry;
import org.neurolab.api.lab.Organoid;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cultures configured through ConfigAdmin ({@link CultureConfig}) and those announced by
 * {@link CultureProvider}s (a simulated rig). Configuration wins over a provider; an id configured twice keeps the first.
 */
@Component
public class ConfiguredCultureRegistry implements CultureRegistry {
    private static final Logger LOG = LoggerFactory.getLogger(ConfiguredCultureRegistry.class);
    private final List<CultureEntry> entries = new CopyOnWriteArrayList<>();
    private final List<CultureProvider> providers = new CopyOnWriteArrayList<>();

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void addCulture(CultureEntry entry) {
        if (culture(entry.organoid().id()).isPresent())
            LOG.error("Culture id '{}' is configured twice; the second configuration is ignored", entry.organoid().id());
        entries.add(entry);
    }

    void removeCulture(CultureEntry entry) {
        entries.remove(entry);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void addProvider(CultureProvider provider) {
        providers.add(provider);
    }

    void removeProvider(CultureProvider provider) {
        providers.remove(provider);
    }

    @Override
    public List<Organoid> cultures() {
        Map<String, Organoid> byId = new TreeMap<>();
        for (CultureProvider p : providers) for (Organoid o : p.cultures()) byId.putIfAbsent(o.id(), o);
        Set<String> configured = new HashSet<>();
        for (CultureEntry e : entries) if (configured.add(e.organoid().id())) byId.put(e.organoid().id(), e.organoid());
        return List.copyOf(byId.values());
    }

    @Override
    public Optional<Organoid> culture(String id) {
        for (CultureEntry e : entries) if (e.organoid().id().equals(id)) return Optional.of(e.organoid());
        for (CultureProvider p : providers) for (Organoid o : p.cultures()) if (o.id().equals(id)) return Optional.of(o);
        return Optional.empty();
    }
}
