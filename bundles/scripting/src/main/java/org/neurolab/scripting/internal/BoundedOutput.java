package org.neurolab.scripting.internal;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** What a script prints, kept up to a limit; crossing the limit calls {@code onExceeded} once (which stops the run). */
final class BoundedOutput extends OutputStream {
    private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
    private final int limit;
    private final Runnable onExceeded;
    private boolean exceeded;

    BoundedOutput(int limit, Runnable onExceeded) {
        this.limit = limit;
        this.onExceeded = onExceeded;
    }

    @Override
    public synchronized void write(int b) {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) {
        if (exceeded) return;
        int room = limit - kept.size();
        if (len > room) {
            kept.write(b, off, Math.max(0, room));
            exceeded = true;
            onExceeded.run();
            return;
        }
        kept.write(b, off, len);
    }

    synchronized void line(String text) {
        byte[] bytes = (text + "\n").getBytes(StandardCharsets.UTF_8);
        write(bytes, 0, bytes.length);
    }

    synchronized boolean exceeded() {
        return exceeded;
    }

    synchronized String text() {
        return kept.toString(StandardCharsets.UTF_8);
    }
}
