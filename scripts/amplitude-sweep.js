// Amplitude sweep: how many spikes does a pulse evoke on an organoid, by amplitude?
// For each amplitude, 10 biphasic pulses (cathodic first, 200 µs per phase) through the organoid's first
// electrode, one second apart; spikes on the organoid's electrodes are counted in the 100 ms after each
// pulse and in the 100 ms before it (baseline).
const organoid = lab.organoids()[0];
const electrode = lab.electrodes(organoid)[0];
const amplitudesUa = [2, 5, 10, 20];
const trials = 10;
const sum = (xs) => xs.reduce((a, b) => a + b, 0);

const recording = lab.startRecording(); // spikes and stimulations of this run, kept in the lab's store
lab.wait(500); // let the culture settle
const sweep = [];
for (const amplitude of amplitudesUa) {
    let evoked = 0, baseline = 0;
    for (let i = 0; i < trials; i++) {
        const before = lab.now();
        lab.wait(100);
        baseline += sum(lab.spikeCounts(organoid, before, before + 100, 100));
        // the lab time the stimulator applied the pulse at: the response window starts there
        const t = lab.stimulate(organoid, [electrode], amplitude, {phaseUs: 200, interphaseUs: 50});
        lab.waitUntil(t + 100);
        evoked += sum(lab.spikeCounts(organoid, t, t + 100, 100));
        lab.wait(800);
    }
    sweep.push({amplitudeUa: amplitude, evokedPerPulse: evoked / trials, baselinePer100ms: baseline / trials});
    lab.log('amplitude', amplitude, 'µA: evoked', evoked / trials, 'baseline', baseline / trials);
}

const stored = lab.stopRecording(recording);
lab.result('recording', {id: stored.id, spikes: stored.spikes, missed: stored.missed});
lab.result('organoid', organoid);
lab.result('sweep', sweep);
