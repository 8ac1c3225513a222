/** The lab's physical model: rigs, multi-electrode arrays, electrodes and the cultures (organoids) on them, with their provenance. */
@org.osgi.annotation.versioning.Version("1.0.0")
package org.neurolab.api.lab;
