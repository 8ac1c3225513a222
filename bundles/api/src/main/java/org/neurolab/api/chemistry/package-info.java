/** The chemistry of culture chambers: what the dosing bundle models and culture simulators read. */
@org.osgi.annotation.versioning.Version("1.0.0")
package org.neurolab.api.chemistry;
