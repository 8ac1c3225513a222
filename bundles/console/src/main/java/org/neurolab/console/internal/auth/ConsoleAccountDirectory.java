package org.neurolab.console.internal.auth;

import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.neurolab.ethics.AccountDirectory;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** The console's accounts as the ethics office's two-person rule reads them, and where an approved role change lands. */
@Component(service = AccountDirectory.class)
public final class ConsoleAccountDirectory implements AccountDirectory {
    private final Accounts accounts;

    @Activate
    public ConsoleAccountDirectory(@Reference Accounts accounts) {
        this.accounts = accounts;
    }

    @Override
    public Optional<Origin> origin(String user) {
        return accounts.users().get(user).map(ConsoleAccountDirectory::origin);
    }

    static Origin origin(Account a) {
        Map<String, Set<String>> grants = new TreeMap<>();
        a.grantedBy().forEach((role, by) -> grants.put(role, Set.copyOf(by.stream().filter(b -> !b.isBlank()).toList())));
        return new Origin(a.name(), a.createdBy(), grants, a.has(Role.ETHICS_OFFICER), !a.disabled());
    }

    @Override
    public void setEthicsOfficer(String user, boolean officer, String proposedBy, String approvedBy) {
        try {
            accounts.users().setEthicsOfficer(user, officer, proposedBy, approvedBy);
        } catch (NoSuchElementException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        accounts.audit().record(approvedBy, "user.role", user, "ok: ethics-officer role " + (officer ? "granted" : "removed") + ", proposed by "
                + proposedBy + ", approved by " + approvedBy, "");
    }
}
