/** Recordings: start and stop them, query what they stored, export them. */
@org.osgi.annotation.versioning.Version("2.2.0")
package org.neurolab.recording;
