# The closed loop of scripts/closed_loop_latency.py for a fixed lab time on the lab's default rig: every spike batch of
# the culture is answered at once with a weak pulse (1 uA x 100 us). The bench sets DURATION_MS and SETTLE_MS above.
o = lab.organoids()[0]
e = lab.electrodes(o)[0]
seen = {"batches": 0, "spikes": 0, "answered": 0, "refused": 0}

def answer(batch):
    seen["batches"] += 1
    seen["spikes"] += batch.count
    try:
        lab.stimulate(o, [e], 1.0, phase_us=100)
        seen["answered"] += 1
    except lab.CommandRefused:
        seen["refused"] += 1

lab.on_spikes(o, answer)
listening = lab.now()
settled = listening + SETTLE_MS
lab.wait(DURATION_MS)
lab.result("listening_ms", listening)
lab.result("ended_ms", lab.now())
for key, value in seen.items():
    lab.result(key, value)
# the host's figures, spike_to_applied included (the prelude's closed_loop_latency() dict does not carry those keys yet)
for key, l in (("latency", _host.closedLoopLatency()), ("settled", _host.closedLoopLatencySince(settled))):
    lab.result(key, {k: getattr(l, k) for k in KEYS})
