/** The device-driver SPI. Drivers register these services; only the control bundle may consume them (the runtime hides them from everyone else). */
@org.osgi.annotation.versioning.Version("2.2.0")
package org.neurolab.api.driver;
