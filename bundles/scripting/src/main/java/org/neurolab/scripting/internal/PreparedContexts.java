package org.neurolab.scripting.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.HostAccess;
import org.graalvm.polyglot.PolyglotAccess;
import org.graalvm.polyglot.ResourceLimits;
import org.graalvm.polyglot.SandboxPolicy;
import org.graalvm.polyglot.Source;
import org.neurolab.scripting.Language;
import org.neurolab.scripting.RunLimits;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Run contexts made ahead: sandboxed as a run needs them, the prelude evaluated, waiting for a run to bind its
 * {@code lab} and go. Making a Python context takes most of a second (GraalPy sets up its standard library in each),
 * which a run that finds one waiting does not pay. One spare per language, once that language has been run; a spare is
 * made after a run ends, never while one starts, so making it does not compete with a run (a closed loop) for the
 * CPU. A context is used by one run only and closed with it: nothing a script leaves reaches the next.
 */
final class PreparedContexts implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PreparedContexts.class);

    /** A context and what of it is set per run: where its output goes, what reaching its statement limit does. */
    record Prepared(Context context, Language language, long maxStatements, RunOutput output, AtomicReference<Runnable> onLimit) {
        /** Binds the run's {@code lab} over {@code host}, its output and its limit callback; counts statements from zero. */
        Context bind(Object host, OutputStream runOutput, Runnable limitReached) {
            output.to(runOutput);
            onLimit.set(limitReached);
            context.resetLimits();
            context.getBindings(language.polyglotId()).putMember("_host", host);
            context.eval(binding(language));
            return context;
        }
    }

    /** What binds a run's {@code lab} in a context whose prelude has been evaluated, {@code _host} being its lab API. */
    static Source binding(Language language) {
        return Source.newBuilder(language.polyglotId(), language == Language.PYTHON ? "lab = _Lab(_host)\ndel _Lab" : "const lab = _labFor(_host);",
                "<lab binding>").buildLiteral();
    }

    private static final HostErrors ERRORS = new HostErrors();
    private final Engines engines;
    private final Map<Language, Prepared> spares = new EnumMap<>(Language.class);
    private final ExecutorService maker = Executors.newSingleThreadExecutor(Thread.ofPlatform().name("scripting-prepare").daemon().factory());
    private boolean closed;

    PreparedContexts(Engines engines) {
        this.engines = engines;
    }

    /** A context for a run: the spare if it fits the run's statement limit, else one made now. */
    Prepared take(Language language, long maxStatements) {
        Prepared spare;
        synchronized (this) {
            if (closed) throw new IllegalStateException("the scripting runtime is stopping");
            spare = spares.remove(language);
        }
        if (spare != null && spare.maxStatements() == maxStatements) return spare;
        if (spare != null) spare.context().close();
        return prepare(language, maxStatements);
    }

    /** Makes a spare for {@code language} in the background, if none is waiting (call when a run has ended). */
    void replenish(Language language) {
        try {
            maker.execute(() -> {
                synchronized (this) {
                    if (closed || spares.containsKey(language)) return;
                }
                Prepared p;
                try {
                    p = prepare(language, RunLimits.DEFAULT.maxStatements());
                } catch (RuntimeException e) {
                    LOG.warn("A {} context could not be prepared ahead; the next run makes its own: {}", language, e.toString());
                    return;
                }
                synchronized (this) {
                    if (!closed && !spares.containsKey(language)) {
                        spares.put(language, p);
                        return;
                    }
                }
                p.context().close();
            });
        } catch (RejectedExecutionException e) {
            // stopping: no more spares
        }
    }

    /** Waits until a spare for {@code language} is ready (benchmarks and tests); false on timeout. */
    boolean awaitSpare(Language language, java.time.Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            synchronized (this) {
                if (spares.containsKey(language)) return true;
            }
            Thread.sleep(5);
        }
        return false;
    }

    /** Languages whose engine has been past its single-context phase. */
    private final java.util.Set<Language> pastFirstContexts = java.util.EnumSet.noneOf(Language.class);

    /**
     * An engine whose first contexts run the prelude specialises that code to them and keeps them alive for good, and
     * with them the whole heap of the run that used one: a first run's memory bomb would outlive its run (RunMemoryTest).
     * Two contexts that run the prelude side by side, thrown away, take the engine past that phase before any run.
     */
    private void pastFirstContexts(Language language) {
        synchronized (pastFirstContexts) {
            if (!pastFirstContexts.add(language)) return;
            Prepared a = make(language, RunLimits.DEFAULT.maxStatements());
            Prepared b = make(language, RunLimits.DEFAULT.maxStatements());
            a.context().close();
            b.context().close();
        }
    }

    private Prepared prepare(Language language, long maxStatements) {
        pastFirstContexts(language);
        return make(language, maxStatements);
    }

    private Prepared make(Language language, long maxStatements) {
        RunOutput out = new RunOutput();
        AtomicReference<Runnable> onLimit = new AtomicReference<>(() -> { });
        Context ctx = Context.newBuilder(language.polyglotId())
                .engine(engines.get(language))
                .sandbox(SandboxPolicy.CONSTRAINED)
                .allowHostAccess(HostAccess.CONSTRAINED)
                .allowPolyglotAccess(PolyglotAccess.NONE)
                .in(InputStream.nullInputStream())
                .out(out).err(out)
                .resourceLimits(ResourceLimits.newBuilder().statementLimit(maxStatements, null).onLimit(event -> onLimit.get().run()).build())
                .build();
        try {
            ctx.getBindings(language.polyglotId()).putMember("_errors", ERRORS);
            ctx.eval(Source.newBuilder(language.polyglotId(), prelude(language), "<lab prelude>").buildLiteral());
        } catch (RuntimeException e) {
            ctx.close(true);
            throw e;
        }
        return new Prepared(ctx, language, maxStatements, out, onLimit);
    }

    private static String prelude(Language language) {
        String file = language == Language.PYTHON ? "prelude.py" : "prelude.js";
        try (InputStream in = PreparedContexts.class.getResourceAsStream(file)) {
            if (in == null) throw new IllegalStateException("prelude " + file + " missing from the bundle");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        maker.shutdownNow();
        try {
            // a context being made while the engine closes deadlocks the close (the engine waits for the maker's thread,
            // which waits for the context the engine holds): let the one being made finish first
            if (!maker.awaitTermination(30, java.util.concurrent.TimeUnit.SECONDS)) LOG.warn("A context being prepared did not finish in 30 s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (this) {
            closed = true;
            for (Prepared p : spares.values()) p.context().close(true);
            spares.clear();
        }
    }

    /** A context's output, sent to the run that took it (nowhere before). */
    static final class RunOutput extends OutputStream {
        private volatile OutputStream target = OutputStream.nullOutputStream();

        void to(OutputStream run) {
            target = run;
        }

        @Override
        public void write(int b) throws IOException {
            target.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            target.write(b, off, len);
        }

        @Override
        public void flush() throws IOException {
            target.flush();
        }
    }
}
