/** The driver for use outside OSGi, for benchmarks and tests of other modules: one RHX array ({@link org.neurolab.driver.intan.StandaloneRhx}). */
@org.osgi.annotation.versioning.Version("1.0.0")
package org.neurolab.driver.intan;
