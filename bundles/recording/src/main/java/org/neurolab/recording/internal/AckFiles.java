package org.neurolab.recording.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.neurolab.recording.RecordingStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code data/recording/acknowledged/<store id>/<recording id>.properties}, rewritten atomically after each commit:
 * what a recording has acknowledged, readable while the lab runs (the store itself says the same, in the recording's row).
 */
final class AckFiles {
    private static final Logger LOG = LoggerFactory.getLogger(AckFiles.class);
    private final Path dir;

    AckFiles(Path dataDir, String storeId) throws IOException {
        this.dir = Files.createDirectories(dataDir.resolve("acknowledged").resolve(storeId));
    }

    void write(RecordingStatus s) {
        Path file = dir.resolve(s.id() + ".properties");
        Path tmp = dir.resolve(s.id() + ".properties.tmp");
        var a = s.acknowledged();
        try {
            Files.writeString(tmp, "recordingId=" + s.id() + "\nspikes=" + a.spikes() + "\nstimulations=" + a.stimulations() + "\ndoses=" + a.doses()
                    + "\ntelemetry=" + a.telemetry() + "\nlastMicros=" + s.lastAcknowledgedMicros() + "\ninFlightSpikes=" + s.inFlightSpikes()
                    + "\ninFlightStimulations=" + s.inFlightStimulations() + "\nmissedSpikes=" + s.missedSpikes() + "\nmissedRawBlocks=" + s.missedRawBlocks()
                    + "\nrejectedBlocks=" + s.rejectedBlocks() + "\nrunning=" + s.running() + "\n");
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            LOG.warn("cannot write {}: {}", file, e.getMessage());
        }
    }
}
