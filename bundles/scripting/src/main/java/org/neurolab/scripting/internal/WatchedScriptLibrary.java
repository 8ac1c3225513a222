package org.neurolab.scripting.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.SandboxPolicy;
import org.graalvm.polyglot.Source;
import org.neurolab.scripting.Language;
import org.neurolab.scripting.ScriptLibrary;
import org.neurolab.scripting.ScriptSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A folder of scripts, re-read when it changes (WatchService), each new version parsed before it is taken.
 *
 * <p>The first reading happens on the library's own thread, not on the caller's (which is Felix's start-level thread when
 * the scripting bundle starts): parsing needs a polyglot engine per language, and making one took most of the 32 s the
 * library once cost the lab's start. Lookups made before the first reading has finished wait for it.
 */
final class WatchedScriptLibrary implements ScriptLibrary, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WatchedScriptLibrary.class);

    private final Path folder;
    private final Engines engines;
    private final Map<String, ScriptSource> good = new ConcurrentHashMap<>();
    private final Map<String, String> status = new ConcurrentHashMap<>();
    private final WatchService watcher;
    private final Thread thread;
    private final java.util.concurrent.CountDownLatch firstScan = new java.util.concurrent.CountDownLatch(1);
    /** How long a lookup waits for the first reading of the folder (a loaded machine makes the engines slowly). */
    static final long FIRST_SCAN_WAIT_SECONDS = 120;

    WatchedScriptLibrary(Path folder, Engines engines) throws IOException {
        this.folder = folder;
        this.engines = engines;
        Files.createDirectories(folder);
        this.watcher = folder.getFileSystem().newWatchService();
        folder.register(watcher, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY, StandardWatchEventKinds.ENTRY_DELETE);
        this.thread = Thread.ofPlatform().name("neurolab-script-library").daemon().start(this::watch);
    }

    @Override
    public Optional<ScriptSource> script(String name) {
        awaitFirstScan();
        return Optional.ofNullable(good.get(name));
    }

    @Override
    public Map<String, String> status() {
        awaitFirstScan();
        return new TreeMap<>(status);
    }

    /** Whether the folder has been read once (every script in it checked). */
    boolean ready() {
        return firstScan.getCount() == 0;
    }

    private void awaitFirstScan() {
        try {
            if (!firstScan.await(FIRST_SCAN_WAIT_SECONDS, java.util.concurrent.TimeUnit.SECONDS))
                LOG.warn("Script folder {} is still being read after {} s; answering with what is checked so far", folder, FIRST_SCAN_WAIT_SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void watch() {
        try {
            long t0 = System.nanoTime();
            rescan();
            LOG.info("Script folder {} read: {} scripts in {} ms", folder, good.size(), (System.nanoTime() - t0) / 1_000_000);
        } catch (RuntimeException e) {
            LOG.error("Script folder {} could not be read", folder, e);
        } finally {
            firstScan.countDown();
        }
        while (!Thread.currentThread().isInterrupted()) {
            try {
                WatchKey key = watcher.take();
                key.pollEvents();
                key.reset();
                Thread.sleep(50); // an editor's save comes as several events; read once they settle
                rescan();
            } catch (InterruptedException | java.nio.file.ClosedWatchServiceException e) {
                return;
            } catch (RuntimeException e) {
                LOG.error("Script folder {} could not be read", folder, e);
            }
        }
    }

    /** Reads every script; takes each new version that parses. */
    synchronized void rescan() {
        Map<String, Path> present = new TreeMap<>();
        try (Stream<Path> files = Files.list(folder)) {
            files.filter(Files::isRegularFile).forEach(f -> {
                String n = f.getFileName().toString();
                if (n.endsWith(".py") || n.endsWith(".js")) present.put(n, f);
            });
        } catch (IOException e) {
            LOG.error("Script folder {} could not be listed: {}", folder, e.getMessage());
            return;
        }
        good.keySet().removeIf(n -> !present.containsKey(n));
        status.keySet().removeIf(n -> !present.containsKey(n));
        for (Map.Entry<String, Path> e : present.entrySet()) {
            try {
                ScriptSource s = ScriptSource.of(e.getKey(), Files.readString(e.getValue()));
                ScriptSource old = good.get(e.getKey());
                if (old != null && old.code().equals(s.code())) continue;
                String problem = check(s);
                if (problem == null) {
                    good.put(e.getKey(), s);
                    status.put(e.getKey(), "ok");
                    LOG.info("Script {} {}", e.getKey(), old == null ? "added" : "changed; the next run uses the new version");
                } else {
                    status.put(e.getKey(), problem);
                    LOG.warn("Script {} not taken: {}{}", e.getKey(), problem, old == null ? "" : " (runs keep using the last good version)");
                }
            } catch (IOException | IllegalArgumentException ex) {
                status.put(e.getKey(), "cannot read: " + ex.getMessage());
            }
        }
    }

    /** Parses without running (in a sandboxed context on the shared engine); null when it parses. */
    private String check(ScriptSource s) {
        Language l = s.language();
        try (Context ctx = Context.newBuilder(l.polyglotId()).engine(engines.get(l)).sandbox(SandboxPolicy.CONSTRAINED)
                .out(java.io.OutputStream.nullOutputStream()).err(java.io.OutputStream.nullOutputStream()).build()) {
            ctx.parse(Source.newBuilder(l.polyglotId(), s.code(), s.name()).buildLiteral());
            return null;
        } catch (PolyglotException e) {
            var where = e.getSourceLocation();
            return (where != null ? s.name() + ":" + where.getStartLine() + ": " : "") + e.getMessage();
        }
    }

    @Override
    public void close() throws IOException {
        thread.interrupt();
        watcher.close();
        try {
            thread.join(5_000); // a parse in progress ends with its context
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
