package org.neurolab.dosing;

/** How a dose is delivered. */
public enum Route {
    /** a UV pulse through the rig's light releases caged compound in the chamber */
    UNCAGING,
    /** the chamber's pump pushes stock solution into the medium flow */
    INFUSION
}
