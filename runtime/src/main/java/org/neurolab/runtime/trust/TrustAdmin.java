package org.neurolab.runtime.trust;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;

/**
 * Trust store management for admins, shared by {@code neurolab trust} and the console's {@code /api/security/trust}: list,
 * add and remove, each change logged with who made it. Removing a certificate uninstalls nothing: the bundles it signed
 * keep running until they are replaced, and the answer names them.
 * <p>
 * Bundles reach it as a JDK-typed service registered by the framework (bundle 0) with {@code neurolab.trust=signers}:
 * a {@code Function<List<String>, List<Map<String, Object>>>} taking a request ({@code list}; {@code add <alias|""> <pem>
 * <who>}; {@code remove <alias> <who>}; {@code verify <jar path>}). Errors are {@link IllegalArgumentException} (bad
 * input), {@link java.util.NoSuchElementException} (no such alias) and {@link IllegalStateException} (already there).
 */
public final class TrustAdmin implements Function<List<String>, List<Map<String, Object>>> {
    public static final String SERVICE_PROPERTY = "neurolab.trust";
    public static final String SERVICE_VALUE = "signers";

    private final TrustedSigners store;
    private final DeployGate gate;
    private final BundleContext system;

    public TrustAdmin(TrustedSigners store, DeployGate gate, BundleContext system) {
        this.store = store;
        this.gate = gate;
        this.system = system;
    }

    @Override
    public List<Map<String, Object>> apply(List<String> request) {
        if (request == null || request.isEmpty()) throw new IllegalArgumentException("say what: list, add, remove or verify");
        return switch (request.get(0)) {
            case "list" -> list();
            case "add" -> {
                need(request, 4, "add <alias or empty> <pem> <who>");
                yield List.of(add(request.get(2).getBytes(java.nio.charset.StandardCharsets.US_ASCII), request.get(1), request.get(3)));
            }
            case "remove" -> {
                need(request, 3, "remove <alias> <who>");
                yield List.of(remove(request.get(1), request.get(2)));
            }
            case "verify" -> {
                need(request, 2, "verify <jar>");
                yield List.of(verify(Path.of(request.get(1))));
            }
            default -> throw new IllegalArgumentException("unknown trust request '" + request.get(0) + "' (list, add, remove, verify)");
        };
    }

    private static void need(List<String> r, int n, String usage) {
        if (r.size() != n) throw new IllegalArgumentException("usage: " + usage);
    }

    public List<Map<String, Object>> list() {
        List<Map<String, Object>> out = new ArrayList<>();
        for (TrustedSigners.Entry e : store.list()) out.add(view(e));
        return out;
    }

    public Map<String, Object> add(byte[] certificate, String alias, String who) {
        TrustedSigners.Entry e = store.add(certificate, alias);
        List<String> again = gate.reconsiderSignedBy(e.certificate());
        TrustLog.info("Trust store: " + who + " added '" + e.alias() + "' (" + e.subject() + ", SHA-256 " + e.fingerprint() + ")"
                + (again.isEmpty() ? "" : "; refused jars it signed are looked at again: " + String.join(", ", again)));
        Map<String, Object> m = view(e);
        m.put("reconsidered", again.stream().map(f -> "deploy/" + f).toList());
        return m;
    }

    public Map<String, Object> remove(String alias, String who) {
        TrustedSigners.Entry e = store.remove(alias);
        List<String> running = signedBy(e);
        TrustLog.info("Trust store: " + who + " removed '" + e.alias() + "' (" + e.subject() + ", SHA-256 " + e.fingerprint() + ")"
                + (running.isEmpty() ? "" : "; still running, signed by it, until replaced: " + String.join(", ", running)));
        Map<String, Object> m = view(e);
        m.put("stillRunning", running);
        m.put("note", running.isEmpty() ? "no running bundle was signed by it"
                : "removing a key uninstalls nothing: these bundles keep running until replaced; new jars signed by it are refused");
        return m;
    }

    public Map<String, Object> verify(Path jar) {
        SignatureVerdict v = gate.verify(jar);
        var refusal = gate.judge(v);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("accepted", refusal.isEmpty());
        m.put("outcome", v.outcome().name());
        m.put("reason", refusal.orElse(v.trusted() ? v.reason() : "development mode: " + v.reason() + " (accepted)"));
        m.put("signer", v.signer() == null ? null : v.signer().getSubjectX500Principal().getName());
        m.put("alias", v.alias());
        m.put("devMode", gate.devMode());
        return m;
    }

    private Map<String, Object> view(TrustedSigners.Entry e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("alias", e.alias());
        m.put("subject", e.subject());
        m.put("sha256", e.fingerprint());
        m.put("notAfter", e.certificate().getNotAfter().toInstant().toString());
        m.put("bundles", signedBy(e));
        return m;
    }

    /** Installed bundles whose deploy/ jar passed the gate signed by this certificate. */
    private List<String> signedBy(TrustedSigners.Entry e) {
        List<String> out = new ArrayList<>();
        for (Bundle b : system.getBundles()) {
            String loc = b.getLocation();
            if (!loc.startsWith("file:")) continue;
            Path p;
            try {
                p = Path.of(java.net.URI.create(loc));
            } catch (RuntimeException ex) {
                continue;
            }
            gate.acceptedAs(p).filter(v -> e.certificate().equals(v.signer()))
                    .ifPresent(v -> out.add(b.getSymbolicName() + " " + b.getVersion() + " (bundle " + b.getBundleId() + ")"));
        }
        return out;
    }

    /** Lines for the terminal. */
    public static String format(List<Map<String, Object>> entries) {
        if (entries.isEmpty()) return "the trust store is empty: no deploy/ bundle can be installed (add a signer's certificate: neurolab trust add <cert.pem>)";
        StringBuilder sb = new StringBuilder();
        for (Map<String, Object> m : entries) {
            sb.append(m.get("alias")).append("  ").append(m.get("subject")).append("\n    SHA-256 ").append(m.get("sha256"))
                    .append("  valid until ").append(m.get("notAfter")).append('\n');
            List<?> bundles = (List<?>) m.get("bundles");
            if (bundles != null && !bundles.isEmpty()) sb.append("    signed running bundles: ").append(bundles).append('\n');
        }
        return sb.toString().stripTrailing();
    }
}
