/**
 * What bundles need to offer commands on the lab's management socket ({@code ./neurolab <command>}): the one way their
 * argument line is read.
 */
@org.osgi.annotation.versioning.Version("1.0.0")
package org.neurolab.api.management;
