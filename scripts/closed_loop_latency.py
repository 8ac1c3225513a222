# Closed-loop latency: every spike batch of the organoid is answered at once with a weak pulse (1 uA x 100 us,
# far inside the ethics limits) for 20 s of lab time. Reports the wall-clock latency from the batch arriving to
# the stimulation issued, and to the stimulation accepted by the rig (after the guards and the audit log).
organoid = lab.organoids()[0]
electrode = lab.electrodes(organoid)[0]
counts = {"answered": 0, "refused": 0}

def answer(batch):
    try:
        lab.stimulate(organoid, [electrode], 1.0, phase_us=100)
        counts["answered"] += 1
    except Exception:
        counts["refused"] += 1

lab.on_spikes(organoid, answer)
lab.wait(20_000)
lab.result("answered", counts["answered"])
lab.result("refused", counts["refused"])
lab.result("latency_us", lab.closed_loop_latency())
