package org.neurolab.console.internal.rest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.neurolab.console.internal.auth.Accounts;
import org.neurolab.console.internal.auth.Role;
import org.neurolab.console.internal.upload.JarInspector;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleException;
import org.osgi.framework.namespace.PackageNamespace;
import org.osgi.framework.wiring.BundleRevision;
import org.osgi.framework.wiring.FrameworkWiring;
import org.osgi.resource.Namespace;
import org.osgi.resource.Requirement;

/**
 * The bundles of the lab. A hot install writes the uploaded jar into the deploy folder, as {@code neurolab install}
 * does, and FileInstall installs and starts it; a bundle that cannot resolve is listed with what it misses.
 */
final class BundleResource {
    static final long MAX_JAR_BYTES = 64L << 20;
    private static final Pattern JAR_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}\\.jar");
    private static final Access OPERATORS = Access.roles(Role.ADMIN, Role.OPERATOR);
    private static final String[] STATES = {"", "UNINSTALLED", "INSTALLED", "", "RESOLVED", "", "", "", "STARTING", "", "", "", "", "", "", "", "STOPPING",
            "", "", "", "", "", "", "", "", "", "", "", "", "", "", "", "ACTIVE"};

    private static final JarInspector INSPECTOR = new JarInspector(JarInspector.Limits.DEFAULT);

    private final LabServices lab;
    private final Accounts accounts;
    private final LabTrust trust;

    BundleResource(LabServices lab, Accounts accounts) {
        this.lab = lab;
        this.accounts = accounts;
        this.trust = new LabTrust(lab);
    }

    void register(RouteTable t) {
        t.get("/api/bundles", OPERATORS, "Every bundle with its state; an unresolved one with the requirements nothing provides", c -> list());
        t.add(new Route("POST", "/api/bundles", OPERATORS, MAX_JAR_BYTES,
                "Hot-install a bundle: the body is the jar (?name=file.jar), signed by a key of the lab's trust store (422 with the reason if not);"
                        + " it goes into the deploy folder and FileInstall installs and starts it", this::upload));
        t.get("/api/bundles/{id}", OPERATORS, "One bundle", c -> view(bundle(c)));
        t.post("/api/bundles/{id}/start", OPERATORS, "Start a bundle (a resolution error says what is missing)", c -> act(c, "start"));
        t.post("/api/bundles/{id}/stop", OPERATORS, "Stop a bundle (a core bundle of the lab only with ?force=true, by an admin)", c -> act(c, "stop"));
        t.post("/api/bundles/{id}/update", OPERATORS, "Update a bundle from its location (for a deploy-folder jar: upload the new jar under the same name)", c -> act(c, "update"));
        t.delete("/api/bundles/{id}", OPERATORS, "Uninstall a bundle (a deploy-folder jar is removed from the folder; a core bundle only with ?force=true, by an admin)", c -> act(c, "uninstall"));
    }

    private Path deploy() {
        return lab.folder("neurolab.deploy.dir", "deploy");
    }

    private List<Object> list() {
        List<Object> out = new ArrayList<>();
        for (Bundle b : lab.context().getBundles()) out.add(view(b));
        return out;
    }

    private Map<String, Object> view(Bundle b) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", b.getBundleId());
        m.put("symbolicName", String.valueOf(b.getSymbolicName()));
        m.put("version", b.getVersion().toString());
        m.put("state", b.getState() < STATES.length ? STATES[b.getState()] : Integer.toString(b.getState()));
        m.put("location", b.getLocation());
        m.put("deployed", deployedFile(b) != null);
        m.put("fragment", b.getHeaders("").get("Fragment-Host") != null);
        m.put("core", isCore(b));
        if (b.getState() == Bundle.INSTALLED) m.put("resolutionErrors", unresolved(b));
        return m;
    }

    /** The mandatory requirements of a bundle that no installed bundle provides. */
    private List<String> unresolved(Bundle b) {
        List<String> missing = new ArrayList<>();
        BundleRevision rev = b.adapt(BundleRevision.class);
        FrameworkWiring fw = lab.context().getBundle(0).adapt(FrameworkWiring.class);
        if (rev == null || fw == null) return missing;
        for (Requirement r : rev.getRequirements(null)) {
            if (Namespace.RESOLUTION_OPTIONAL.equals(r.getDirectives().get(Namespace.REQUIREMENT_RESOLUTION_DIRECTIVE))) continue;
            if (fw.findProviders(r).isEmpty()) {
                String filter = r.getDirectives().getOrDefault(Namespace.REQUIREMENT_FILTER_DIRECTIVE, "");
                missing.add((PackageNamespace.PACKAGE_NAMESPACE.equals(r.getNamespace()) ? "missing package " : "missing " + r.getNamespace() + " ") + filter);
            }
        }
        if (missing.isEmpty()) missing.add("not resolved yet (its requirements are provided; it may be waiting to be started)");
        return missing;
    }

    private Bundle bundle(Call c) {
        long id;
        try {
            id = Long.parseLong(c.path("id"));
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("a bundle id is a number, was '" + Call.clip(c.path("id")) + "'");
        }
        Bundle b = lab.context().getBundle(id);
        if (b == null) throw ApiException.notFound("no bundle with id " + id);
        return b;
    }

    /**
     * A core bundle is one the launcher installed from the distribution (the folder this console's own jar is in, and
     * its siblings), or the framework itself: stopping one takes a part of the lab away (a guard, the audit log, the
     * web server), so it needs an admin's explicit force.
     */
    boolean isCore(Bundle b) {
        if (b.getBundleId() == 0) return true;
        Path dist = distributionBundles();
        Path p = fileOf(b);
        return dist != null && p != null && p.toAbsolutePath().normalize().startsWith(dist);
    }

    private Path distributionBundles() {
        Path own = fileOf(lab.context().getBundle());
        return own == null || own.getParent() == null || own.getParent().getParent() == null ? null : own.toAbsolutePath().normalize().getParent().getParent();
    }

    private static Path fileOf(Bundle b) {
        try {
            String loc = b.getLocation();
            return loc.startsWith("file:") ? Path.of(java.net.URI.create(loc)) : null;
        } catch (RuntimeException e) {
            return null;
        }
    }

    private Path deployedFile(Bundle b) {
        String loc = b.getLocation();
        try {
            Path p = loc.startsWith("file:") ? Path.of(java.net.URI.create(loc)) : null;
            return p != null && p.toAbsolutePath().normalize().getParent().equals(deploy().toAbsolutePath().normalize()) ? p : null;
        } catch (RuntimeException e) {
            return null;
        }
    }

    private Object act(Call c, String action) throws Exception {
        Bundle b = bundle(c);
        if (b.getBundleId() == 0) throw new ApiException(409, "the system bundle is the lab itself and is not managed from here: stop the lab with Ctrl-C in its terminal or `kill <pid>` of ./neurolab run");
        if (b.getBundleId() == lab.context().getBundle().getBundleId())
            throw new ApiException(409, "the console cannot " + action + " itself over the console; use the Web Console or the CLI");
        String name = b.getSymbolicName() + " " + b.getVersion();
        boolean force = "true".equals(c.query("force"));
        if (isCore(b) && (action.equals("stop") || action.equals("uninstall"))) {
            if (!force)
                throw new ApiException(409, name + " is one of the lab's core bundles (installed from the distribution): to " + action + " it anyway, an admin sends ?force=true");
            if (!c.has(Role.ADMIN)) throw new ApiException(403, name + " is a core bundle of the lab: only an admin may force it to " + action);
        }
        try {
            switch (action) {
                case "start" -> b.start();
                case "stop" -> b.stop();
                case "update" -> {
                    // an update from a deploy/ jar reads that file: it must pass the same signature check as FileInstall's way
                    Path file = deployedFile(b);
                    if (file != null) {
                        Map<String, Object> signature = trust.verify(file);
                        if (!Boolean.TRUE.equals(signature.get("accepted"))) {
                            accounts.audit().record(c.user(), "bundle.update", name, "refused: " + signature.get("reason"), c.address());
                            throw new ApiException(422, "refused, nothing was updated: deploy/" + file.getFileName() + ": " + signature.get("reason"));
                        }
                    }
                    b.update();
                }
                case "uninstall" -> {
                    Path file = deployedFile(b);
                    if (file != null) Files.deleteIfExists(file); // FileInstall uninstalls it; else it would come back
                    b.uninstall();
                }
                default -> throw new IllegalStateException(action);
            }
        } catch (BundleException e) {
            accounts.audit().record(c.user(), "bundle." + action, name, "failed: " + e.getMessage(), c.address());
            throw new ApiException(409, "could not " + action + " " + name + ": " + e.getMessage());
        }
        accounts.audit().record(c.user(), "bundle." + action, name, "ok", c.address());
        return action.equals("uninstall") ? Map.of("uninstalled", name) : view(b);
    }

    private Object upload(Call c) throws Exception {
        String name = c.query("name");
        if (name == null) throw ApiException.badRequest("say the jar's file name: POST /api/bundles?name=my-driver.jar");
        if (!JAR_NAME.matcher(name).matches())
            throw ApiException.badRequest("the file name must be letters, digits, '.', '_' or '-' ending in .jar (no folders), was '" + Call.clip(name) + "'");
        byte[] jar = c.bytes();
        if (jar.length == 0) throw ApiException.badRequest("the body must be the bundle jar; it was empty");
        Path deploy = deploy();
        Files.createDirectories(deploy);
        // written beside the folder and checked there, then renamed in: FileInstall never sees half a jar or a bomb
        Path tmp = Files.createTempFile(lab.folder("neurolab.data.dir", "data"), "upload-", ".part");
        JarInspector.BundleHeader header;
        String signer;
        try {
            Files.write(tmp, jar);
            try {
                header = INSPECTOR.inspect(tmp, name);
            } catch (JarInspector.Refused e) {
                accounts.audit().record(c.user(), "bundle.upload", name, "refused: " + e.getMessage(), c.address());
                throw new ApiException(e.tooLarge() ? 413 : 400, e.getMessage());
            }
            // only code signed by a key of the lab's trust store runs in the lab (the deploy gate checks again)
            Map<String, Object> signature = trust.verify(tmp);
            if (!Boolean.TRUE.equals(signature.get("accepted"))) {
                accounts.audit().record(c.user(), "bundle.upload", name + " (" + header.symbolicName() + " " + header.version() + ")",
                        "refused: " + signature.get("reason"), c.address());
                throw new ApiException(422, "refused, nothing was installed: " + signature.get("reason"));
            }
            signer = String.valueOf(signature.get("reason"));
            Files.move(tmp, deploy.resolve(name), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
        String bsn = header.symbolicName();
        String version = header.version().toString();
        accounts.audit().record(c.user(), "bundle.upload", name + " (" + bsn + " " + version + ")", "ok, " + signer, c.address());
        return Reply.accepted(Map.of("file", name, "symbolicName", bsn, "version", String.valueOf(version), "signature", signer,
                "note", "written to the deploy folder; FileInstall installs and starts it within a second (see GET /api/bundles)"));
    }
}
