// Closed-loop latency: every spike batch of the organoid is answered at once with a weak pulse (1 µA × 100 µs,
// far inside the ethics limits) for 20 s of lab time. Reports the wall-clock latency from the batch arriving to
// the stimulation issued, and to the stimulation accepted by the rig (after the guards and the audit log).
const o = lab.organoids()[0];
const e = lab.electrodes(o)[0];
let answered = 0, refused = 0;
lab.onSpikes(o, (batch) => {
    try {
        lab.stimulate(o, [e], 1, {phaseUs: 100});
        answered++;
    } catch (err) {
        refused++;
    }
});
lab.wait(20000);
lab.result('answered', answered);
lab.result('refused', refused);
lab.result('latencyUs', lab.closedLoopLatency());
