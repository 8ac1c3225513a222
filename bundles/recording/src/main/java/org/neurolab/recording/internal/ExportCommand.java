package org.neurolab.recording.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import org.neurolab.api.management.CommandLine;
import org.neurolab.recording.ExportFormat;
import org.neurolab.recording.RecordingService;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code neurolab export <recording id> --format openephys|phy|nwb <folder>}: writes the recording into the folder (on this
 * machine; the management socket is the lab owner's alone), telling its progress as {@code PROGRESS <done> <total>}
 * lines the client draws as a bar, then where the files are.
 */
@Component(service = BiFunction.class, property = "neurolab.management.command=export")
public class ExportCommand implements BiFunction<String, Consumer<String>, Integer> {
    static final String USAGE = "usage: neurolab export <recording id> --format openephys|phy|nwb <folder>";
    private final RecordingService recordings;

    @Activate
    public ExportCommand(@Reference RecordingService recordings) {
        this.recordings = recordings;
    }

    @Override
    public Integer apply(String args, Consumer<String> out) {
        CommandLine line;
        try {
            line = CommandLine.parse(args, Set.of("--format"), Set.of());
        } catch (IllegalArgumentException e) {
            out.accept("ERROR " + e.getMessage() + "\n" + USAGE);
            return 2;
        }
        String format = line.option("--format").orElse(null);
        List<String> rest = line.words();
        if (rest.size() != 2 || format == null) {
            out.accept("ERROR " + (format == null ? "say which format: --format openephys, phy or nwb" : "give a recording id and a folder") + "\n" + USAGE);
            return 2;
        }
        long id;
        try {
            id = Long.parseLong(rest.get(0));
        } catch (NumberFormatException e) {
            out.accept("ERROR a recording id is a number, was '" + rest.get(0) + "'\n" + USAGE);
            return 2;
        }
        Path folder = Path.of(rest.get(1));
        if (!folder.isAbsolute()) {
            out.accept("ERROR the folder must be an absolute path (the neurolab script makes it one), was '" + folder + "'");
            return 2;
        }
        try {
            ExportFormat f = ExportFormat.of(format);
            if (Files.exists(folder) && Files.isDirectory(folder)) {
                try (var l = Files.list(folder)) {
                    if (l.findAny().isPresent()) {
                        out.accept("ERROR " + folder + " is not empty; export into a new or empty folder");
                        return 2;
                    }
                }
            }
            long[] last = {-1};
            recordings.export(id, f, folder, (done, total) -> {
                if (done != last[0]) out.accept("PROGRESS " + done + " " + total);
                last[0] = done;
            });
            out.accept("exported recording " + id + " as " + f.id() + " into " + folder);
            return 0;
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            out.accept("ERROR " + e.getMessage());
            return 2;
        } catch (Exception e) {
            out.accept("ERROR export of recording " + id + " failed: " + e.getMessage());
            return 1;
        }
    }
}
