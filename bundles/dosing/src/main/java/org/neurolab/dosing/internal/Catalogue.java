package org.neurolab.dosing.internal;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.neurolab.dosing.Compound;

/** The built-in compounds (compounds.yaml in this bundle) with configured ones added on top; a configured name replaces a built-in one. */
final class Catalogue {
    private final Map<String, Compound> builtIn;
    private final List<Compound> configured = new CopyOnWriteArrayList<>();

    Catalogue(Map<String, Compound> builtIn) {
        this.builtIn = Map.copyOf(builtIn);
    }

    static Catalogue builtIn() {
        try (InputStream in = Catalogue.class.getResourceAsStream("compounds.yaml")) {
            if (in == null) throw new IllegalStateException("compounds.yaml is missing from the dosing bundle");
            List<Compound> list = new ObjectMapper(new YAMLFactory()).readValue(in, new TypeReference<List<Compound>>() {
            });
            Map<String, Compound> byName = new TreeMap<>();
            for (Compound c : list) byName.put(key(c.name()), c);
            return new Catalogue(byName);
        } catch (IOException e) {
            throw new UncheckedIOException("the built-in compound catalogue does not read: " + e.getMessage(), e);
        }
    }

    void add(Compound c) {
        configured.add(c);
    }

    void remove(Compound c) {
        configured.remove(c);
    }

    List<Compound> all() {
        Map<String, Compound> byName = new TreeMap<>(builtIn);
        for (Compound c : configured) byName.put(key(c.name()), c);
        return List.copyOf(byName.values());
    }

    Optional<Compound> find(String name) {
        if (name == null) return Optional.empty();
        String k = key(name);
        for (Compound c : configured) if (key(c.name()).equals(k)) return Optional.of(c);
        return Optional.ofNullable(builtIn.get(k));
    }

    /** The compound, or a refusal that lists what the catalogue does have. */
    Compound require(String name) {
        return find(name).orElseThrow(() -> new IllegalArgumentException("compound '" + name + "' is not in the catalogue; known: "
                + all().stream().map(Compound::name).toList()));
    }

    private static String key(String name) {
        return name.strip().toLowerCase(Locale.ROOT);
    }
}
