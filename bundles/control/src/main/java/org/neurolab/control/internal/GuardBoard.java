package org.neurolab.control.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.neurolab.api.control.CommandGuard;
import org.neurolab.api.control.CommandJournal;
import org.neurolab.api.control.CommandReceipt;
import org.neurolab.api.control.CommandRecord;
import org.neurolab.api.control.CommandRefusedException;
import org.neurolab.api.control.CommandRequest;
import org.neurolab.api.control.GuardDecision;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The guard and journal whiteboard. Held as immutable snapshots swapped on change, so the command path
 * reads a plain array with no lock: guards must decide in microseconds inside closed loops.
 */
final class GuardBoard {
    private static final Logger LOG = LoggerFactory.getLogger(GuardBoard.class);

    /** A guard or journal with its name and whether its bundle is the lab's own (only those count as required ones). */
    record Named<T>(String name, T service, boolean trusted, String from) {
    }

    private volatile List<Named<CommandGuard>> guards = List.of();
    private volatile List<Named<CommandJournal>> journals = List.of();
    private volatile Set<String> requiredGuards = Set.of();
    private volatile Set<String> requiredJournals = Set.of();
    private volatile Map<String, Set<String>> actionGuards = Map.of();
    /** The lab's board says what it requires; a dry run's private one keeps quiet. */
    private final boolean announce;

    GuardBoard() {
        this(true);
    }

    GuardBoard(boolean announce) {
        this.announce = announce;
    }

    /** Guards that only some actions need: a dose must not go ahead without the dosing guard, a stimulation may. */
    void configureActions(Map<String, Set<String>> actionGuards) {
        this.actionGuards = Map.copyOf(actionGuards);
        if (announce) LOG.info("Command path requires per action: {}", new TreeMap<>(actionGuards));
    }

    void configure(Set<String> requiredGuards, Set<String> requiredJournals) {
        this.requiredGuards = Set.copyOf(requiredGuards);
        this.requiredJournals = Set.copyOf(requiredJournals);
        if (announce) LOG.info("Command path requires guards {} and journals {}", new TreeSet<>(requiredGuards), new TreeSet<>(requiredJournals));
    }

    synchronized void addGuard(CommandGuard guard, Map<String, ?> props) {
        addGuard(guard, props, true, "");
    }

    /**
     * @param trusted whether the registering bundle is the lab's own; a guard from any other bundle is still asked (it can
     *                only refuse more), but never stands in for a required guard of its name
     * @param from    the registering bundle, for the report
     */
    synchronized void addGuard(CommandGuard guard, Map<String, ?> props, boolean trusted, String from) {
        Named<CommandGuard> g = new Named<>(nameOf(props, CommandGuard.NAME), guard, trusted, from);
        if (!trusted) LOG.error("Guard '{}' registered by {}, which is not one of the lab's own bundles: it is asked, but it is no {} guard of the lab",
                g.name(), from, g.name());
        guards = with(guards, g);
    }

    synchronized void removeGuard(CommandGuard guard) {
        guards = without(guards, guard);
    }

    synchronized void addJournal(CommandJournal journal, Map<String, ?> props) {
        addJournal(journal, props, true, "");
    }

    /** A journal from a bundle that is not the lab's own is never appended to and never counts as a required one. */
    synchronized void addJournal(CommandJournal journal, Map<String, ?> props, boolean trusted, String from) {
        Named<CommandJournal> j = new Named<>(nameOf(props, CommandJournal.NAME), journal, trusted, from);
        if (!trusted) LOG.error("Journal '{}' registered by {}, which is not one of the lab's own bundles, is ignored", j.name(), from);
        journals = with(journals, j);
    }

    /** Guards and journals whose bundles are not the lab's own: "guard ethics from bundle 42 (evil.jar)". */
    List<String> strangers() {
        List<String> out = new ArrayList<>();
        for (Named<CommandGuard> g : guards) if (!g.trusted()) out.add("guard " + g.name() + " from " + g.from());
        for (Named<CommandJournal> j : journals) if (!j.trusted()) out.add("journal " + j.name() + " from " + j.from());
        return out;
    }

    synchronized void removeJournal(CommandJournal journal) {
        journals = without(journals, journal);
    }

    Set<String> requiredGuards() {
        return requiredGuards;
    }

    Map<String, Set<String>> actionGuards() {
        return actionGuards;
    }

    List<String> missingGuards() {
        return missing(requiredGuards, guards);
    }

    List<String> missingJournals() {
        return missing(requiredJournals, journals);
    }

    /**
     * Asks every guard; the first refusal wins. A missing required guard or a guard that throws refuses too:
     * the command path fails closed.
     */
    CommandRecord decide(CommandRequest request) {
        List<String> missing = missingGuards();
        if (!missing.isEmpty()) {
            List<String> strangers = strangers();
            return refusal(request, "control", "required guard(s) " + missing + " not running; the lab refuses commands until they are back"
                    + (strangers.isEmpty() ? "" : " (not the lab's own, so they do not count: " + strangers + ")"));
        }
        List<String> missingForAction = missing(actionGuards.getOrDefault(request.command().action(), Set.of()), guards);
        if (!missingForAction.isEmpty())
            return refusal(request, "control", "guard(s) " + missingForAction + " needed for " + request.command().action()
                    + " are not running; the lab refuses " + request.command().action() + " until they are back");
        List<String> missingJournals = missingJournals();
        if (!missingJournals.isEmpty())
            return refusal(request, "control", "required journal(s) " + missingJournals + " not running; nothing is done that cannot be recorded");
        List<String> consulted = new ArrayList<>();
        for (Named<CommandGuard> g : guards) {
            GuardDecision d;
            try {
                d = g.service().check(request);
            } catch (RuntimeException e) {
                LOG.error("Guard {} failed on {}; refusing", g.name(), request.commandId(), e);
                return refusal(request, g.name(), "guard failed (" + e + "); refusing to be safe");
            }
            if (d == null) return refusal(request, g.name(), "guard gave no decision; refusing to be safe");
            if (!d.allowed()) return new CommandRecord(request, false, g.name(), d.reason(), d.policyIds());
            consulted.addAll(d.policyIds());
        }
        return new CommandRecord(request, true, "control", "", consulted);
    }

    /** Appends to every journal; a journal failure means the command must not go ahead. */
    void journal(CommandRecord record) throws CommandRefusedException {
        for (Named<CommandJournal> j : journals) {
            if (!j.trusted()) continue; // a stranger hears nothing of the lab's commands
            try {
                j.service().append(record);
            } catch (Exception e) {
                LOG.error("Journal {} could not record {}", j.name(), record.request().commandId(), e);
                throw new CommandRefusedException("control", "journal " + j.name() + " could not record the command (" + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()) + ")", List.of());
            }
        }
    }

    /** Tells every journal the command was carried out; bookkeeping there must not undo a done command. */
    void carriedOut(CommandRecord record, CommandReceipt receipt) {
        for (Named<CommandJournal> j : journals) {
            if (!j.trusted()) continue;
            try {
                j.service().carriedOut(record, receipt);
            } catch (RuntimeException e) {
                LOG.error("Journal {} failed to note that {} was carried out", j.name(), record.request().commandId(), e);
            }
        }
    }

    /** Journals a refusal as far as it can: the refusal stands whether or not it is recorded. */
    void journalRefusal(CommandRecord record) {
        try {
            journal(record);
        } catch (CommandRefusedException e) {
            LOG.warn("Refusal of {} could not be journaled: {}", record.request().commandId(), e.getMessage());
        }
    }

    private static CommandRecord refusal(CommandRequest request, String by, String reason) {
        return new CommandRecord(request, false, by, reason, List.of());
    }

    private static String nameOf(Map<String, ?> props, String key) {
        Object name = props.get(key);
        return name == null ? "unnamed-" + props.get("service.id") : name.toString();
    }

    private static <T> List<Named<T>> with(List<Named<T>> list, Named<T> item) {
        List<Named<T>> copy = new ArrayList<>(list);
        copy.add(item);
        return List.copyOf(copy);
    }

    private static <T> List<Named<T>> without(List<Named<T>> list, T service) {
        return list.stream().filter(n -> n.service() != service).toList();
    }

    private static List<String> missing(Set<String> required, List<? extends Named<?>> present) {
        if (required.isEmpty()) return List.of();
        Set<String> names = new TreeSet<>(required);
        for (Named<?> n : present) if (n.trusted()) names.remove(n.name()); // only the lab's own count: a name proves nothing
        return List.copyOf(names);
    }
}
