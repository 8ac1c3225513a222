# Dosing: does glutamate raise an organoid's firing, and GABA lower it?
# Firing is counted over 30 s windows of lab time, each 20 s after the change it measures: at baseline, after 40 µM glutamate released in the
# chamber by a UV pulse (caged glutamate, uncaging), after the medium is exchanged (five chamber volumes
# leave e^-5 of what was dosed), and after 40 µM GABA infused from its stock. Every dose goes through the
# lab's guards: the dosing guard refuses one that would cross a compound's limits or empty a reservoir.
organoid = lab.organoids()[0]
window_ms = 30_000
settle_ms = 20_000  # let each change act on the network before counting


def spikes_per_second():
    start = lab.now()
    lab.wait(window_ms)
    return sum(lab.spike_counts(organoid, start, start + window_ms, window_ms)) / (window_ms / 1000)


baseline = spikes_per_second()
glutamate = lab.dose(organoid, "glutamate", 40, "µM")  # caged: released by UV uncaging
lab.log("glutamate:", glutamate["amount_nmol"], "nmol by", glutamate["route"], "->", round(glutamate["after_um"], 1), "µM")
lab.wait(settle_ms)
with_glutamate = spikes_per_second()

exchange = lab.exchange_medium(organoid, 1000)  # µL of fresh medium through a 200 µL chamber
lab.log("medium exchanged, left:", round(exchange["remaining_fraction"], 4), lab.concentrations(organoid))
lab.wait(settle_ms)
washed_out = spikes_per_second()

gaba = lab.dose(organoid, "gaba", 40, "µM", route="infusion")
lab.log("GABA:", gaba["amount_nmol"], "nmol by", gaba["route"], "->", round(gaba["after_um"], 1), "µM")
lab.wait(settle_ms)
with_gaba = spikes_per_second()

lab.result("organoid", organoid)
lab.result("spikes_per_second", {"baseline": baseline, "glutamate": with_glutamate, "washed_out": washed_out, "gaba": with_gaba})
lab.result("doses", [glutamate, gaba])
lab.result("concentrations_um", lab.concentrations(organoid))
