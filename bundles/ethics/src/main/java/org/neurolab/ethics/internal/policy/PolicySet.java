package org.neurolab.ethics.internal.policy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The policies in force, loaded once into memory from the YAML documents of a folder ({@code *.yaml}, not the
 * {@code *.fixtures.yaml} beside them), with the SHA-256 of the set: over the documents sorted by file name, each as
 * name, NUL, bytes, NUL. That hash is recorded with every decision.
 */
public record PolicySet(String hash, StimulationPolicy stimulation, ConsentPolicy consent, List<String> documents) {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);

    public PolicySet {
        documents = List.copyOf(documents);
    }

    /** @throws IOException naming the document and what is wrong with it; the guard then refuses (fails closed) */
    public static PolicySet load(Path dir) throws IOException {
        return parse(read(dir));
    }

    /** The policy documents of {@code dir}, by file name. */
    public static SortedMap<String, byte[]> read(Path dir) throws IOException {
        if (dir == null || !Files.isDirectory(dir)) throw new IOException("no policy folder at " + dir);
        SortedMap<String, byte[]> docs = new TreeMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(PolicySet::isPolicyDocument).toList()) docs.put(f.getFileName().toString(), Files.readAllBytes(f));
        }
        return docs;
    }

    /** SHA-256 of one document's bytes, hex. */
    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static boolean isPolicyDocument(Path f) {
        String n = f.getFileName().toString();
        return (n.endsWith(".yaml") || n.endsWith(".yml")) && !n.contains(".fixtures.") && Files.isRegularFile(f);
    }

    public static PolicySet parse(Map<String, byte[]> documents) throws IOException {
        SortedMap<String, byte[]> sorted = new TreeMap<>(documents);
        StimulationPolicy stim = null;
        ConsentPolicy consent = null;
        List<String> ids = new ArrayList<>();
        for (var e : sorted.entrySet()) {
            String name = e.getKey();
            try {
                JsonNode doc = YAML.readTree(e.getValue());
                String kind = text(doc, "kind", name), id = text(doc, "id", name);
                int version = doc.path("version").asInt(0);
                if (version < 1) throw new IllegalArgumentException("needs a version >= 1");
                ids.add(id + " v" + version);
                switch (kind) {
                    case "stimulation-limits" -> {
                        if (stim != null) throw new IllegalArgumentException("a second stimulation-limits document");
                        List<Limit> limits = new ArrayList<>();
                        for (JsonNode l : doc.path("limits")) limits.add(YAML.treeToValue(l, Limit.class));
                        stim = new StimulationPolicy(id, version, doc.path("electrodeDiameterMicrons").asDouble(0), limits);
                    }
                    case "consent-scopes" -> {
                        if (consent != null) throw new IllegalArgumentException("a second consent-scopes document");
                        consent = new ConsentPolicy(id, version, strings(doc.path("scopes")),
                                YAML.convertValue(doc.path("purposes"), YAML.getTypeFactory().constructMapType(Map.class, String.class, String.class)),
                                strings(doc.path("requiredForEveryAction")));
                    }
                    default -> throw new IllegalArgumentException("unknown kind '" + kind + "' (stimulation-limits or consent-scopes)");
                }
            } catch (IOException | RuntimeException ex) {
                throw new IOException("policy document " + name + ": " + ex.getMessage(), ex);
            }
        }
        if (stim == null) throw new IOException("no stimulation-limits document among " + sorted.keySet());
        if (consent == null) throw new IOException("no consent-scopes document among " + sorted.keySet());
        return new PolicySet(hash(sorted), stim, consent, ids);
    }

    /** Every policy id with its version, for allow decisions. */
    public List<String> policyRefs() {
        List<String> out = new ArrayList<>();
        out.add(consent.ref());
        for (Limit l : stimulation.limits()) out.add(l.ref());
        return out;
    }

    private static String text(JsonNode doc, String field, String name) {
        String v = doc.path(field).asText("");
        if (v.isBlank()) throw new IllegalArgumentException("needs a '" + field + "'");
        return v;
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        for (JsonNode n : array) out.add(n.asText());
        return out;
    }

    static String hash(SortedMap<String, byte[]> docs) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            for (var e : docs.entrySet()) {
                d.update(e.getKey().getBytes(StandardCharsets.UTF_8));
                d.update((byte) 0);
                d.update(e.getValue());
                d.update((byte) 0);
            }
            return HexFormat.of().formatHex(d.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
