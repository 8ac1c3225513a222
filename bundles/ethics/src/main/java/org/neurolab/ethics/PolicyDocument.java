package org.neurolab.ethics;

/** One policy document in force: its file name, the SHA-256 of its bytes, and its YAML text. */
public record PolicyDocument(String name, String sha256, String text) {
}
