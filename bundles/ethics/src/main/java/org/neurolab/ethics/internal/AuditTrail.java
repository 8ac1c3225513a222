package org.neurolab.ethics.internal;

import java.io.IOException;
import org.neurolab.ethics.internal.audit.AuditEvent;
import org.neurolab.ethics.internal.audit.AuditLog;

/** The audit log as this bundle's components share it (a service of a private type: no other bundle can see it). */
public interface AuditTrail {
    long record(AuditEvent event) throws IOException;

    AuditLog log();
}
