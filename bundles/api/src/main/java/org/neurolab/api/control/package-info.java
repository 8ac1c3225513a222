/** The command path: the lab control service every caller uses, and the guard SPI it consults before any action. */
@org.osgi.annotation.versioning.Version("1.6.0")
package org.neurolab.api.control;
