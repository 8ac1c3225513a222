package org.neurolab.control.internal;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.neurolab.api.clock.LabClock;
import org.neurolab.api.control.Caller;
import org.neurolab.api.control.CommandGuard;
import org.neurolab.api.control.CommandJournal;
import org.neurolab.api.control.LabSession;
import org.neurolab.api.control.PrivateControl;
import org.neurolab.api.driver.DeviceDriver;
import org.neurolab.api.lab.CultureRegistry;
import org.neurolab.api.lab.Ids;

/**
 * A dry run's command path: {@link CommandPath} — the lab's sessions, checks and guard board — over a private rig's
 * devices, cultures and clock. Its guards and journals are the ones the dry run gives it (rehearsals of the lab's), all
 * counted as the lab's own: they judge a simulation, and nothing here reaches a living culture or the lab's records.
 */
public final class PrivatePath extends CommandPathView implements PrivateControl {
    private final CommandPath path;
    private final Set<String> required;
    private volatile boolean closed;

    private PrivatePath(CommandPath path, Set<String> required) {
        this.path = path;
        this.required = required;
    }

    /** A private path with the given rules: what the lab's control service uses, and what tests outside OSGi use. */
    public static PrivateControl open(List<? extends DeviceDriver> devices, CultureRegistry cultures, LabClock clock,
                                      Set<String> requiredGuards, Map<String, Set<String>> actionGuards) {
        GuardBoard board = new GuardBoard(false);
        board.configure(requiredGuards, Set.of());
        board.configureActions(actionGuards);
        CommandPath path = new CommandPath("dry-run-s", () -> cultures, () -> clock, board, false);
        for (DeviceDriver d : devices) path.add(d);
        return new PrivatePath(path, Set.copyOf(requiredGuards));
    }

    @Override
    public void addGuard(String name, CommandGuard guard) {
        path.guards.addGuard(guard, Map.of(CommandGuard.NAME, Ids.require(name, "guard name")));
    }

    @Override
    public void addJournal(String name, CommandJournal journal) {
        path.guards.addJournal(journal, Map.of(CommandJournal.NAME, Ids.require(name, "journal name")));
    }

    @Override
    public List<String> requiredGuards() {
        return List.copyOf(new TreeSet<>(required));
    }

    @Override
    CommandPath path() {
        return path;
    }

    @Override
    public LabSession openSession(Caller caller) {
        if (closed) throw new IllegalStateException("this dry run's rig has stopped");
        return path.openSession(caller);
    }

    @Override
    public void close() {
        if (closed) return;
        closed = true;
        path.close();
    }
}
