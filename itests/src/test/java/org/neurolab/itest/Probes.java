package org.neurolab.itest;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.Function;
import org.osgi.framework.Bundle;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;

/** Installs a probe bundle into a running lab and talks to it through its Function service. */
final class Probes {
    private Probes() {
    }

    static Function<String, Object> install(LabUnderTest lab, String name, Path jar) throws Exception {
        Bundle b = lab.system().installBundle(jar.toUri().toString());
        b.start();
        return LabUnderTest.awaitValue("probe " + name, Duration.ofSeconds(10), () -> find(lab, name));
    }

    /** Configures culture "probe-o1" on the probe's MEA (probe/mea0, electrodes 0-3) through deploy/. */
    static void probeCulture(LabUnderTest lab, String cellLine, String batch, String consent, java.time.LocalDate seeded) throws Exception {
        lab.dropText("org.neurolab.culture-probe.cfg", """
                id=probe-o1
                meaId=probe/mea0
                electrodes=0-3
                cellLine=%s
                batch=%s
                donorConsentRef=%s
                seedingDate=%s
                """.formatted(cellLine, batch, consent, seeded));
    }

    /** A probe bundle of the named classes plus {@code ProbeBase}, which every probe extends. */
    static Path jar(Path dir, String symbolicName, String activator, String imports, String... classes) throws Exception {
        String[] withBase = java.util.Arrays.copyOf(classes, classes.length + 1);
        withBase[classes.length] = "org.neurolab.itest.probe.ProbeBase";
        return TestBundles.probe(dir.resolve(symbolicName + ".jar"), Map.of(
                "Bundle-SymbolicName", symbolicName,
                "Bundle-Version", "1.0.0",
                "Bundle-Activator", activator,
                "Import-Package", imports), withBase);
    }

    @SuppressWarnings("unchecked")
    private static Function<String, Object> find(LabUnderTest lab, String name) {
        try {
            ServiceReference<?>[] refs = lab.system().getServiceReferences(Function.class.getName(), "(probe=" + name + ")");
            return refs == null ? null : (Function<String, Object>) lab.system().getService(refs[0]);
        } catch (InvalidSyntaxException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
