// Dosing: does glutamate raise an organoid's firing, and GABA lower it?
// Firing is counted over 30 s windows of lab time, each 20 s after the change it measures: at baseline, after 40 µM glutamate released in the
// chamber by a UV pulse (caged glutamate, uncaging), after the medium is exchanged (five chamber volumes
// leave e^-5 of what was dosed), and after 40 µM GABA infused from its stock. Every dose goes through the
// lab's guards: the dosing guard refuses one that would cross a compound's limits or empty a reservoir.
const organoid = lab.organoids()[0];
const windowMs = 30000;
const settleMs = 20000; // let each change act on the network before counting

function spikesPerSecond() {
    const start = lab.now();
    lab.wait(windowMs);
    return lab.spikeCounts(organoid, start, start + windowMs, windowMs).reduce((a, b) => a + b, 0) / (windowMs / 1000);
}

const baseline = spikesPerSecond();
const glutamate = lab.dose(organoid, 'glutamate', 40, 'µM'); // caged: released by UV uncaging
lab.log('glutamate:', glutamate.amountNmol, 'nmol by', glutamate.route, '->', glutamate.afterUm.toFixed(1), 'µM');
lab.wait(settleMs);
const withGlutamate = spikesPerSecond();

const exchange = lab.exchangeMedium(organoid, 1000); // µL of fresh medium through a 200 µL chamber
lab.log('medium exchanged, left:', exchange.remainingFraction.toFixed(4));
lab.wait(settleMs);
const washedOut = spikesPerSecond();

const gaba = lab.dose(organoid, 'gaba', 40, 'µM', {route: 'infusion'});
lab.log('GABA:', gaba.amountNmol, 'nmol by', gaba.route, '->', gaba.afterUm.toFixed(1), 'µM');
lab.wait(settleMs);
const withGaba = spikesPerSecond();

lab.result('organoid', organoid);
lab.result('spikesPerSecond', {baseline: baseline, glutamate: withGlutamate, washedOut: washedOut, gaba: withGaba});
lab.result('doses', [glutamate, gaba].map(d => ({compound: d.compound, amountNmol: d.amountNmol, route: d.route, afterUm: d.afterUm})));
lab.result('concentrationsUm', lab.concentrations(organoid));
