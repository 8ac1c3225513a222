# Amplitude sweep: how many spikes does a pulse evoke on an organoid, by amplitude?
# For each amplitude, 10 biphasic pulses (cathodic first, 200 us per phase) through the organoid's first
# electrode, one second apart; spikes on the organoid's electrodes are counted in the 100 ms after each
# pulse and in the 100 ms before it (baseline).
organoid = lab.organoids()[0]
electrode = lab.electrodes(organoid)[0]
amplitudes_ua = [2.0, 5.0, 10.0, 20.0]
trials = 10

recording = lab.start_recording()  # spikes and stimulations of this run, kept in the lab's store
lab.wait(500)  # let the culture settle
sweep = []
for amplitude in amplitudes_ua:
    evoked = baseline = 0
    for _ in range(trials):
        before = lab.now()
        lab.wait(100)
        baseline += sum(lab.spike_counts(organoid, before, before + 100, 100))
        # the lab time the stimulator applied the pulse at: the response window starts there
        t = lab.stimulate(organoid, [electrode], amplitude, phase_us=200, interphase_us=50)
        lab.wait_until(t + 100)
        evoked += sum(lab.spike_counts(organoid, t, t + 100, 100))
        lab.wait(800)
    sweep.append({"amplitude_ua": amplitude, "evoked_per_pulse": evoked / trials, "baseline_per_100ms": baseline / trials})
    lab.log("amplitude", amplitude, "uA: evoked", evoked / trials, "baseline", baseline / trials)

lab.result("recording", lab.stop_recording(recording))
lab.result("organoid", organoid)
lab.result("sweep", sweep)
