package org.neurolab.ethics.internal;

import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.neurolab.ethics.AccountDirectory;

/** The lab's accounts as the console would give them to the office, in memory. */
final class TestAccounts implements AccountDirectory {
    private final Map<String, Origin> accounts = new TreeMap<>();

    synchronized void add(String user, String createdBy, boolean officer) {
        accounts.put(user, new Origin(user, createdBy, officer ? Map.of("ethics-officer", Set.of(createdBy)) : Map.of(), officer, true));
    }

    synchronized void put(Origin o) {
        accounts.put(o.user(), o);
    }

    @Override
    public synchronized Optional<Origin> origin(String user) {
        return Optional.ofNullable(accounts.get(user));
    }

    @Override
    public synchronized void setEthicsOfficer(String user, boolean officer, String proposedBy, String approvedBy) {
        Origin o = origin(user).orElseThrow(() -> new IllegalArgumentException("no account '" + user + "'"));
        Map<String, Set<String>> grants = new TreeMap<>(o.roleGrantedBy());
        if (officer) grants.put("ethics-officer", new HashSet<>(Set.of(proposedBy, approvedBy)));
        else grants.remove("ethics-officer");
        accounts.put(user, new Origin(user, o.createdBy(), grants, officer, o.enabled()));
    }
}
