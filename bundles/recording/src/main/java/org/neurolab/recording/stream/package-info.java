/**
 * The stream bus: batches of spike events, stimulations and downsampled traces as primitive arrays. Every
 * subscriber has a bounded buffer; what it misses is counted and reported to it, never dropped silently.
 */
@org.osgi.annotation.versioning.Version("1.1.0")
package org.neurolab.recording.stream;
