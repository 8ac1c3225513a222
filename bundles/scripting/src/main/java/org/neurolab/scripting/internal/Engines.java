package org.neurolab.scripting.internal;

import java.io.OutputStream;
import java.util.EnumMap;
import java.util.Map;
import org.graalvm.polyglot.Engine;
import org.graalvm.polyglot.SandboxPolicy;
import org.neurolab.scripting.Language;

/**
 * One polyglot engine per language, shared by every run: contexts are created per run (cheap), while
 * parsed code and compiled code stay in the engine across runs.
 */
final class Engines implements AutoCloseable {
    private final Map<Language, Engine> engines = new EnumMap<>(Language.class);

    synchronized Engine get(Language language) {
        return engines.computeIfAbsent(language, l -> Engine.newBuilder(l.polyglotId())
                .sandbox(SandboxPolicy.CONSTRAINED) // every context of a run is CONSTRAINED, and the engine must match
                .out(OutputStream.nullOutputStream()).err(OutputStream.nullOutputStream())
                .option("engine.WarnInterpreterOnly", "false")
                .build());
    }

    /** The Truffle runtime's name: "Interpreted" when runtime compilation is off. */
    synchronized String runtimeName() {
        return get(Language.JAVASCRIPT).getImplementationName();
    }

    @Override
    public synchronized void close() {
        for (Engine e : engines.values()) e.close(true);
        engines.clear();
    }
}
