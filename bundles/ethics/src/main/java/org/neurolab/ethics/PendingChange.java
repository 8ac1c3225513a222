package org.neurolab.ethics;

/** A proposed change waiting for its second person. */
public record PendingChange(String id, ChangeKind kind, String target, String newValue, String author, String reason, String proposedAt) {
}
