// The closed loop of scripts/closed-loop-latency.js for a fixed lab time on the lab's default rig: every spike batch of
// the culture is answered at once with a weak pulse (1 µA × 100 µs). The bench sets DURATION_MS and SETTLE_MS above.
const o = lab.organoids()[0];
const e = lab.electrodes(o)[0];
const seen = {batches: 0, spikes: 0, answered: 0, refused: 0};
lab.onSpikes(o, (batch) => {
    seen.batches++;
    seen.spikes += batch.count;
    try {
        lab.stimulate(o, [e], 1, {phaseUs: 100});
        seen.answered++;
    } catch (err) {
        if (!(err instanceof lab.CommandRefused)) throw err;
        seen.refused++;
    }
});
const listening = lab.now();
const settled = listening + SETTLE_MS;
lab.wait(DURATION_MS);
lab.result('listening_ms', listening);
lab.result('ended_ms', lab.now());
for (const [key, value] of Object.entries(seen)) lab.result(key, value);
for (const [key, l] of [['latency', lab.closedLoopLatency()], ['settled', lab.closedLoopLatency(settled)]]) {
    const plain = {};
    for (const k of KEYS) plain[k] = l[k];
    lab.result(key, plain);
}
