package org.neurolab.console.internal.rest;

import jakarta.servlet.ServletOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.neurolab.api.control.Caller;
import org.neurolab.api.control.LabSession;
import org.neurolab.api.driver.SignalListener;
import org.neurolab.api.lab.MeaLayout;
import org.neurolab.api.lab.Organoid;
import org.neurolab.api.signal.SpikeBatch;

/**
 * The live spikes of one MEA as Server-Sent Events. The driver's listener only copies a batch into this client's
 * bounded queue (never blocks: acquisition must not wait for a browser); when the queue is full the batch is
 * dropped and counted, and the count goes to the client with the next event. Reading needs no guard.
 */
final class LiveResource {
    static final int QUEUE_BATCHES = 256;
    static final int MAX_CLIENTS = 16;
    static final long HEARTBEAT_MILLIS = 1000;
    private final LabServices lab;
    private final Set<Thread> clients = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    LiveResource(LabServices lab) {
        this.lab = lab;
    }

    void register(RouteTable t) {
        t.get("/api/live/{meaId*}", Access.ANY_USER,
                "Server-Sent Events: 'spikes' events {t0Micros, electrodes[], timesMicros[], dropped} as activity happens on the MEA", this::stream);
    }

    /** Ends every stream (the console is stopping). */
    void close() {
        closed = true;
        clients.forEach(Thread::interrupt);
    }

    private Object stream(Call c) throws Exception {
        String meaId = c.path("meaId");
        MeaLayout layout = lab.control().layout(meaId).orElseThrow(() -> ApiException.notFound("no MEA '" + Call.clip(meaId) + "' (no driver for it is running)"));
        Organoid culture = lab.cultures().cultures().stream().filter(o -> o.meaId().equals(meaId)).findFirst()
                .orElseThrow(() -> ApiException.notFound("no culture sits on MEA " + meaId + "; nothing to watch"));
        if (clients.size() >= MAX_CLIENTS) throw new ApiException(429, "already " + MAX_CLIENTS + " live views open; close one");
        Set<String> roles = new TreeSet<>();
        c.principal().roles().forEach(r -> roles.add(r.id()));
        BlockingQueue<SpikeBatch> queue = new ArrayBlockingQueue<>(QUEUE_BATCHES);
        AtomicLong dropped = new AtomicLong();
        clients.add(Thread.currentThread());
        try (LabSession session = lab.control().openSession(new Caller(c.user(), roles, "monitoring"));
             AutoCloseable sub = session.subscribe(culture.id(), new SignalListener() {
                 @Override
                 public void onSpikes(SpikeBatch batch) {
                     if (batch.count() > 0 && !queue.offer(batch.copy())) dropped.incrementAndGet();
                 }
             }, false)) {
            var resp = c.response();
            resp.setStatus(200);
            resp.setContentType("text/event-stream;charset=utf-8");
            resp.setHeader("X-Accel-Buffering", "no");
            ServletOutputStream out = resp.getOutputStream();
            send(out, "hello", "{\"meaId\":" + quote(meaId) + ",\"electrodes\":" + layout.electrodeCount() + ",\"sampleRateHz\":" + layout.sampleRateHz() + "}");
            long lastSent = System.currentTimeMillis();
            while (!closed && !Thread.currentThread().isInterrupted()) {
                SpikeBatch b = queue.poll(HEARTBEAT_MILLIS, TimeUnit.MILLISECONDS);
                if (b == null) {
                    if (System.currentTimeMillis() - lastSent >= HEARTBEAT_MILLIS) {
                        send(out, "heartbeat", "{\"dropped\":" + dropped.get() + "}");
                        lastSent = System.currentTimeMillis();
                    }
                    continue;
                }
                send(out, "spikes", json(b, dropped.get()));
                lastSent = System.currentTimeMillis();
            }
        } catch (IOException | InterruptedException e) {
            // the browser went away, or the console is stopping
        } finally {
            clients.remove(Thread.currentThread());
        }
        return Call.STREAMED;
    }

    private static void send(ServletOutputStream out, String event, String data) throws IOException {
        out.write(("event: " + event + "\ndata: " + data + "\n\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    static String json(SpikeBatch b, long dropped) {
        StringBuilder sb = new StringBuilder(32 + b.count() * 16);
        sb.append("{\"dropped\":").append(dropped).append(",\"electrodes\":[");
        for (int i = 0; i < b.count(); i++) sb.append(i == 0 ? "" : ",").append(b.electrodes()[i]);
        sb.append("],\"timesMicros\":[");
        for (int i = 0; i < b.count(); i++) sb.append(i == 0 ? "" : ",").append(b.timesMicros()[i]);
        return sb.append("]}").toString();
    }

    private static String quote(String s) {
        return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }
}
