/** Dosing: the compound catalogue, doses and medium exchange through the command path, concentrations and reservoirs. */
@org.osgi.annotation.versioning.Version("1.2.0")
package org.neurolab.dosing;
