package org.neurolab.runtime;

import java.io.PrintStream;

/**
 * Draws {@code PROGRESS <done> <total>} lines of a management command as one bar redrawn in place on a terminal, or
 * as a line per tenth when the output is a file or pipe; other lines are printed as they come.
 */
final class ProgressBar {
    private final PrintStream out;
    private final boolean terminal;
    private boolean drawn;
    private long lastTenth = -1;

    ProgressBar(PrintStream out, boolean terminal) {
        this.out = out;
        this.terminal = terminal;
    }

    void line(String line) {
        if (!line.startsWith("PROGRESS ")) {
            end();
            out.println(line);
            return;
        }
        String[] p = line.split(" ");
        long done = Long.parseLong(p[1]), total = Math.max(1, Long.parseLong(p[2]));
        double f = Math.min(1.0, done / (double) total);
        String figures = String.format("%3.0f%% %,.1f / %,.1f MB", f * 100, done / 1e6, total / 1e6);
        if (terminal) {
            int width = 30, full = (int) Math.round(f * width);
            out.print("\r[" + "#".repeat(full) + " ".repeat(width - full) + "] " + figures);
            out.flush();
            drawn = true;
        } else if ((long) (f * 10) != lastTenth) {
            lastTenth = (long) (f * 10);
            out.println(figures);
        }
    }

    void end() {
        if (drawn) out.println();
        drawn = false;
    }
}
