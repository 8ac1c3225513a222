/** Storage the lab's journals share: durable appends that an interrupted caller cannot lose or break. */
@org.osgi.annotation.versioning.Version("1.0.0")
package org.neurolab.api.storage;
