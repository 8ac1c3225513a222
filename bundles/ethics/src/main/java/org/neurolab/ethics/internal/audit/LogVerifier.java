package org.neurolab.ethics.internal.audit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.neurolab.ethics.internal.merkle.CompactRange;
import org.neurolab.ethics.internal.merkle.Hex;
import org.neurolab.ethics.internal.merkle.Merkle;

/**
 * Checks a whole audit log: every entry in sequence, each linked to its predecessor's leaf hash, every checkpoint's
 * signature and its root against the entries it covers. Says where the first damage is.
 */
public final class LogVerifier {
    private static final Pattern HEAD = Pattern.compile("^\\{\"seq\":(\\d+),\"prev\":\"([0-9a-f]*)\",");

    /**
     * @param ok                 no problem found
     * @param entries            entries in the log
     * @param checkpoints        checkpoints checked
     * @param lastCheckpointSize the size the last valid checkpoint covers
     * @param problems           what is wrong, first damage first
     */
    public record Report(boolean ok, long entries, long checkpoints, long lastCheckpointSize, List<String> problems) {
        /** Entries after the last checkpoint: intact as far as the chain shows, but not yet covered by a signature. */
        public long uncovered() {
            return entries - lastCheckpointSize;
        }
    }

    record Lines(List<byte[]> complete, int tornBytes) {
    }

    private LogVerifier() {
    }

    public static Report verify(Path dir, PublicKey key) throws IOException {
        Path logFile = dir.resolve(AuditLog.LOG), cpFile = dir.resolve(AuditLog.CHECKPOINTS);
        Lines lines = Files.exists(logFile) ? lines(Files.readAllBytes(logFile)) : new Lines(List.of(), 0);
        List<String> problems = new ArrayList<>();
        List<byte[]> entries = lines.complete();
        if (lines.tornBytes() > 0)
            problems.add("line " + (entries.size() + 1) + ": a torn last entry of " + lines.tornBytes() + " bytes without its line end");

        byte[][] leafHashes = new byte[entries.size()][];
        boolean chainBroken = false;
        for (int i = 0; i < entries.size(); i++) {
            byte[] line = entries.get(i);
            leafHashes[i] = Merkle.leafHash(line);
            if (chainBroken) continue;
            Matcher m = HEAD.matcher(new String(line, 0, Math.min(line.length, 120), StandardCharsets.UTF_8));
            if (!m.find()) {
                problems.add("line " + (i + 1) + " (entry " + i + "): not an audit entry (no seq/prev header)");
                chainBroken = true;
                continue;
            }
            long seq = Long.parseLong(m.group(1));
            if (seq != i) {
                problems.add("line " + (i + 1) + ": holds entry " + seq + " where entry " + i + " belongs: "
                        + (seq > i ? "entry " + i + " was deleted, or entries were reordered" : "entries were reordered or duplicated"));
                chainBroken = true;
                continue;
            }
            String expectedPrev = i == 0 ? "" : Hex.of(leafHashes[i - 1]);
            if (!m.group(2).equals(expectedPrev)) {
                problems.add("entry " + (i - 1) + " (line " + i + ") was altered: its hash no longer matches the link recorded in entry " + i);
                chainBroken = true;
            }
        }

        long checked = 0, lastGood = 0;
        if (Files.exists(cpFile)) {
            List<String> cps = Files.readAllLines(cpFile, StandardCharsets.US_ASCII);
            CompactRange range = new CompactRange();
            long previousSize = 0;
            for (int c = 0; c < cps.size(); c++) {
                String text = cps.get(c);
                if (text.isBlank()) continue;
                checked++;
                Checkpoint cp;
                try {
                    cp = Checkpoint.parse(text);
                } catch (IllegalArgumentException e) {
                    problems.add("checkpoint " + (c + 1) + ": " + e.getMessage());
                    continue;
                }
                if (!cp.verify(key)) {
                    problems.add("checkpoint " + (c + 1) + " (size " + cp.size() + "): bad signature: forged or altered checkpoint");
                    continue;
                }
                if (cp.size() < previousSize) {
                    problems.add("checkpoint " + (c + 1) + " (size " + cp.size() + ") is smaller than the one before (" + previousSize + ")");
                    continue;
                }
                if (cp.size() > entries.size()) {
                    problems.add("checkpoint " + (c + 1) + " signed " + cp.size() + " entries but the log holds " + entries.size()
                            + ": entries " + entries.size() + ".." + (cp.size() - 1) + " were deleted");
                    continue;
                }
                while (range.size() < cp.size()) range.append(leafHashes[(int) range.size()]);
                if (!Arrays.equals(range.root(), cp.root())) {
                    problems.add("checkpoint " + (c + 1) + " (size " + cp.size() + ", " + cp.time() + ") does not match the log: an entry in "
                            + lastGood + ".." + (cp.size() - 1) + " was altered, deleted or reordered");
                    continue;
                }
                previousSize = cp.size();
                lastGood = cp.size();
            }
        }
        return new Report(problems.isEmpty(), entries.size(), checked, lastGood, List.copyOf(problems));
    }

    static Lines lines(byte[] data) {
        List<byte[]> out = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < data.length; i++) {
            if (data[i] == '\n') {
                out.add(Arrays.copyOfRange(data, start, i));
                start = i + 1;
            }
        }
        return new Lines(out, data.length - start);
    }
}
