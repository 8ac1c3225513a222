package org.neurolab.dosing.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurolab.api.control.Caller;
import org.neurolab.api.control.Command;
import org.neurolab.api.control.CommandReceipt;
import org.neurolab.api.control.CommandRecord;
import org.neurolab.api.control.CommandRefusedException;
import org.neurolab.api.control.CommandRequest;
import org.neurolab.api.control.Delivery;
import org.neurolab.api.control.Dose;
import org.neurolab.api.control.ExchangeMedium;
import org.neurolab.api.control.GuardDecision;
import org.neurolab.api.control.LabSession;
import org.neurolab.api.control.Stimulate;
import org.neurolab.api.driver.SignalListener;
import org.neurolab.api.lab.CultureRegistry;
import org.neurolab.api.lab.CultureState;
import org.neurolab.api.lab.Organoid;
import org.neurolab.api.lab.Provenance;
import org.neurolab.dosing.DoseOrder;
import org.neurolab.dosing.DoseOutcome;
import org.neurolab.dosing.DosingRehearsal;
import org.neurolab.dosing.Reservoir;
import org.neurolab.dosing.Route;
import org.neurolab.testsupport.ManualLabClock;

/** Dosing as the command path drives it: this fake session asks the service as guard, then books as journal, like control does. */
class DosingServiceTest {
    static final String O = "sim-mea0-o0";
    static final long MIN = 60_000_000L;

    @TempDir
    Path dir;
    /** The lab's clock: virtual, moved by the test; a wait on it moves it on. */
    final ManualLabClock now = ManualLabClock.jumpingOnWait(1_780_000_000_000L);
    final List<Command> delivered = new ArrayList<>();
    DosingService dosing;
    Session session;

    @BeforeEach
    void setUp() throws Exception {
        dosing = service(dir.resolve("events.jsonl"));
        session = new Session(dosing);
    }

    DosingService service(Path log) throws Exception {
        List<DosingEvent> past = new ArrayList<>();
        DosingBook book = new DosingBook(Catalogue.builtIn(), DosingEventLog.open(log, past), past);
        DosingService s = new DosingService(book, new OneCulture(), now);
        s.addChamber(chamber(2000));
        return s;
    }

    static ConfiguredChamber chamber(double stockMicrolitres) {
        return new ConfiguredChamber(new ChamberConfigValues("sim/mea0", "sim/pump0", "sim/uv", 200, 1000, stockMicrolitres, 100));
    }

    @Test
    void aDoseRaisesTheChamberAsTheModelSaysAndIsBooked() throws Exception {
        DoseOutcome o = dosing.dose(session, new DoseOrder(O, "gaba", 2, "nmol", null));
        assertEquals(Route.INFUSION, o.route());
        assertEquals(10.0, o.concentrationAfterMicromolar(), 1e-9, "2 nmol in 200 µL");
        Delivery.Infusion i = (Delivery.Infusion) ((Dose) delivered.getFirst()).delivery();
        assertEquals(2.0, i.volumeMicrolitres(), 1e-12, "2 nmol from a 1 mM stock is 2 µL");
        assertEquals("sim/pump0", i.pumpDeviceId());
        now.advance(10 * MIN);
        assertEquals(5.0, dosing.concentrations(O).get("gaba"), 1e-9, "one 600 s half-life later");
        assertEquals(1998.0, reservoir("sim/pump0:gaba").level(), 1e-9);
        assertEquals(1, dosing.history(O).size());
    }

    @Test
    void dosesAndExchangesBelowWhatADeviceCanDeliverAreRefusedAndNothingIsSent() {
        IllegalArgumentException tiny = assertThrows(IllegalArgumentException.class, () -> dosing.dose(session, new DoseOrder(O, "gaba", 1e-320, "µM", null)));
        assertTrue(tiny.getMessage().contains("below the smallest amount the lab doses"), tiny.getMessage());
        // 0.5 pmol of GABA from its 1 mM stock is 0.5 nL: above 1 fmol but finer than the pump moves
        IllegalArgumentException fine = assertThrows(IllegalArgumentException.class, () -> dosing.dose(session, new DoseOrder(O, "gaba", 0.5, "pmol", null)));
        assertTrue(fine.getMessage().contains("below the pump's resolution"), fine.getMessage());
        IllegalArgumentException uv = assertThrows(IllegalArgumentException.class, () -> dosing.dose(session, new DoseOrder(O, "glutamate", 1e-5, "nmol", null)));
        assertTrue(uv.getMessage().contains("shorter than 1 µs"), uv.getMessage());
        IllegalArgumentException exchange = assertThrows(IllegalArgumentException.class, () -> dosing.exchangeMedium(session, O, 5e-324));
        assertTrue(exchange.getMessage().contains("below the pump's resolution"), exchange.getMessage());
        assertTrue(delivered.isEmpty(), "nothing reached a device: " + delivered);
    }

    @Test
    void aConcentrationOrderIsTurnedIntoTheAmountForThisChamber() throws Exception {
        DoseOutcome o = dosing.dose(session, new DoseOrder(O, "gaba", 500, "nM", null));
        assertEquals(0.1, o.amountNanomoles(), 1e-12, "0.5 µM in 200 µL is 0.1 nmol");
        assertEquals(0.5, o.concentrationAfterMicromolar(), 1e-12);
    }

    @Test
    void theMaximumConcentrationRefusesTheDoseThatWouldCrossItAndTakesTheOneJustBelow() throws Exception {
        // gaba: 100 µM max in 200 µL = 20 nmol
        CommandRefusedException e = assertThrows(CommandRefusedException.class, () -> dosing.dose(session, new DoseOrder(O, "gaba", 20.01, "nmol", null)));
        assertTrue(e.getMessage().contains("above its limit of 100 µM"), e.getMessage());
        assertTrue(delivered.isEmpty(), "nothing reached the pump");
        dosing.dose(session, new DoseOrder(O, "gaba", 19.99, "nmol", null));
        assertEquals(1, delivered.size());
    }

    @Test
    void theDailyAmountRefusesTheDoseThatWouldCrossItEvenAfterWashout() throws Exception {
        // gaba: 60 nmol per 24 h; wash out in between so the concentration limit never bites
        for (int i = 0; i < 3; i++) {
            dosing.dose(session, new DoseOrder(O, "gaba", 19.9, "nmol", null));
            now.advance(120 * MIN);
        }
        CommandRefusedException e = assertThrows(CommandRefusedException.class, () -> dosing.dose(session, new DoseOrder(O, "gaba", 0.4, "nmol", null)));
        assertTrue(e.getMessage().contains("daily limit of 60 nmol"), e.getMessage());
        assertEquals(List.of(DosingBook.LIMIT_DAILY), e.policyIds(), "the refusal names the rule that refused");
        dosing.dose(session, new DoseOrder(O, "gaba", 0.29, "nmol", null));
        now.advance(24 * 60 * MIN);
        dosing.dose(session, new DoseOrder(O, "gaba", 19.9, "nmol", null)); // the first doses have left the window
    }

    @Test
    void anEmptyReservoirRefusesAndRaisesAnAlert() throws Exception {
        dosing.refill(new Caller("op", Set.of("operator"), "maintenance"), "sim/pump0:gaba", 1.0);
        CommandRefusedException e = assertThrows(CommandRefusedException.class, () -> dosing.dose(session, new DoseOrder(O, "gaba", 2, "nmol", null)));
        assertTrue(e.getMessage().contains("reservoir sim/pump0:gaba holds 1 µL, the dose needs 2 µL"), e.getMessage());
        assertTrue(dosing.alerts().stream().anyMatch(a -> a.contains("sim/pump0:gaba")), dosing.alerts().toString());
        assertTrue(delivered.isEmpty());
    }

    @Test
    void cagedGlutamateIsUncagedByAPulseThatReleasesTheAmount() throws Exception {
        DoseOutcome o = dosing.dose(session, new DoseOrder(O, "glutamate", 5, "µM", null));
        assertEquals(Route.UNCAGING, o.route());
        Delivery.Uncaging u = (Delivery.Uncaging) ((Dose) delivered.getFirst()).delivery();
        // 1 nmol of 100 caged: E = −20·ln(1 − 0.01) mJ/mm² at 10 mW/mm²
        assertEquals(-20 * Math.log(0.99) / 10 * 1e6, u.durationMicros(), 1.0);
        assertEquals(99.0, reservoir("sim/mea0:caged-glutamate").level(), 1e-9);
        CommandRefusedException e = assertThrows(CommandRefusedException.class, () -> dosing.dose(session, new DoseOrder(O, "glutamate", 99, "nmol", null)));
        assertTrue(e.getMessage().contains("only 99 nmol of caged glutamate is left"), e.getMessage());
    }

    @Test
    void badOrdersAreRefusedWithWhatWasWrong() {
        assertTrue(bad(new DoseOrder(O, "unobtainium", 1, "nmol", null)).contains("'unobtainium' is not in the catalogue; known: ["));
        assertTrue(bad(new DoseOrder(O, "gaba", -1, "nmol", null)).contains("must be a positive amount, was -1"));
        assertTrue(bad(new DoseOrder(O, "gaba", Double.NaN, "nmol", null)).contains("positive amount"));
        assertTrue(bad(new DoseOrder(O, "gaba", 5, "nm", null)).contains("nanometres"));
        assertTrue(bad(new DoseOrder(O, "glutamate", 5, "µM", Route.INFUSION)).contains("dosed by UNCAGING, not INFUSION"));
        assertTrue(bad(new DoseOrder("nope", "gaba", 5, "µM", null)).contains("unknown organoid 'nope'"));
        assertThrows(IllegalArgumentException.class, () -> new DoseOrder(O, "gaba", 5, " ", null));
        assertTrue(delivered.isEmpty());
    }

    @Test
    void aThousandfoldDoseIsCalledAUnitMixUp() {
        CommandRefusedException e = assertThrows(CommandRefusedException.class, () -> dosing.dose(session, new DoseOrder(O, "gaba", 50, "mM", null)));
        assertTrue(e.getMessage().contains("check the unit (nM vs µM"), e.getMessage());
    }

    @Test
    void aHandMadeDoseWhoseDeliveryDoesNotMatchItsAmountIsRefusedByTheGuard() {
        Dose forged = new Dose(O, "gaba", 1, new Delivery.Infusion("sim/pump0", 500, 50), 5);
        CommandRefusedException e = assertThrows(CommandRefusedException.class, () -> session.dose(forged));
        assertTrue(e.getMessage().contains("does not release 1 nmol of gaba"), e.getMessage());
    }

    @Test
    void otherCommandsPassTheDosingGuardUntouched() {
        Command other = new Command() {
            @Override
            public String organoidId() {
                return O;
            }

            @Override
            public String action() {
                return "stimulate";
            }
        };
        GuardDecision d = dosing.check(new CommandRequest("c", "s", session.caller(), other, organoid(), 0));
        assertTrue(d.allowed());
    }

    @Test
    void mediumExchangeWashesOutAndDrawsFreshMedium() throws Exception {
        dosing.dose(session, new DoseOrder(O, "gaba", 2, "nmol", null));
        var x = dosing.exchangeMedium(session, O, 200);
        assertEquals(Math.exp(-1), x.remainingFraction(), 1e-12);
        assertEquals(10 * Math.exp(-1), x.concentrationsAfterMicromolar().get("gaba"), 1e-9);
        assertEquals(800.0, reservoir("sim/pump0:medium").level(), 1e-9);
        CommandRefusedException e = assertThrows(CommandRefusedException.class, () -> dosing.exchangeMedium(session, O, 900));
        assertTrue(e.getMessage().contains("fresh medium reservoir sim/pump0:medium holds 800 µL"), e.getMessage());
    }

    @Test
    void onlyOperatorsRefillAndOnlyWithinCapacity() {
        assertThrows(SecurityException.class, () -> dosing.refill(session.caller(), "sim/pump0:gaba", 10));
        Caller op = new Caller("op", Set.of("operator"), "maintenance");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> dosing.refill(op, "sim/pump0:gaba", 5000)).getMessage().contains("0..2000 µL"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> dosing.refill(op, "nowhere", 1)).getMessage().contains("no reservoir 'nowhere'"));
    }

    @Test
    void aRestartRemembersConcentrationsReservoirsAndTheDailyAmount() throws Exception {
        dosing.dose(session, new DoseOrder(O, "gaba", 19.9, "nmol", null));
        now.advance(120 * MIN);
        dosing.dose(session, new DoseOrder(O, "gaba", 19.9, "nmol", null));
        now.advance(120 * MIN);
        dosing.dose(session, new DoseOrder(O, "gaba", 19.9, "nmol", null));
        double before = dosing.concentrations(O).get("gaba");

        DosingService restarted = service(dir.resolve("events.jsonl"));
        Session again = new Session(restarted);
        assertEquals(before, restarted.concentrations(O).get("gaba"), 1e-9);
        assertEquals(2000 - 3 * 19.9, restarted.reservoirs().stream().filter(r -> r.id().equals("sim/pump0:gaba")).findFirst().orElseThrow().level(), 1e-9);
        now.advance(120 * MIN);
        assertThrows(CommandRefusedException.class, () -> restarted.dose(again, new DoseOrder(O, "gaba", 0.4, "nmol", null)),
                "the daily amount survives the restart");
        assertEquals(3, restarted.history(O).size());
    }

    private String bad(DoseOrder order) {
        return assertThrows(IllegalArgumentException.class, () -> dosing.dose(session, order)).getMessage();
    }

    private Reservoir reservoir(String id) {
        return dosing.reservoirs().stream().filter(r -> r.id().equals(id)).findFirst().orElseThrow();
    }

    static Organoid organoid() {
        return new Organoid(O, "sim/mea0", List.of(0, 1, 2, 3), new Provenance("SIM", "seed-1", "simulated-no-donor", LocalDate.of(2026, 1, 1)),
                CultureState.ACTIVE);
    }

    @Test
    void aRehearsalStartsFromTheLabsStateJudgesByItsLimitsAndLeavesTheLabUntouched() throws Exception {
        dosing.dose(session, new DoseOrder(O, "gaba", 10, "nmol", null)); // the lab: 50 µM, 10 nmol today, 1990 µL left
        List<Command> rehearsed = new ArrayList<>();
        ManualLabClock virtual = ManualLabClock.jumpingOnWait(1_780_000_000_000L + now.nowMicros() / 1000); // a private rig's clock: its own time 0
        DosingRehearsal r = dosing.rehearsal(new OneCulture(), virtual);
        assertEquals(50.0, r.concentrations(O).get("gaba"), 1e-9, "the copy starts where the lab is");

        DoseOutcome o = r.dose(new Session((DosingDesk) r, rehearsed), new DoseOrder(O, "gaba", 10, "nmol", null));
        assertEquals(100.0, o.concentrationAfterMicromolar(), 1e-9);
        assertEquals(1, rehearsed.size(), "the private session got the dose");
        CommandRefusedException e = assertThrows(CommandRefusedException.class,
                () -> r.dose(new Session((DosingDesk) r, rehearsed), new DoseOrder(O, "gaba", 0.1, "nmol", null)));
        assertTrue(e.getMessage().contains("above its limit of 100 µM"), "judged by the rehearsal as the private path's dosing guard: " + e.getMessage());
        assertEquals(List.of(DosingBook.LIMIT_CONCENTRATION), e.policyIds());
        assertEquals(1, rehearsed.size(), "a refused dose never reaches the session");

        virtual.advance(10 * MIN); // the copy's chemistry follows the private clock
        assertEquals(50.0, r.concentrations(O).get("gaba"), 1e-9);
        assertEquals(50.0, r.effectiveMicromolar("sim/mea0", virtual.nowMicros()).get(org.neurolab.api.chemistry.EffectClass.INHIBITORY), 1e-9);
        r.exchangeMedium(new Session((DosingDesk) r, rehearsed), O, 1000);
        assertEquals(50.0 * Math.exp(-5), r.concentrations(O).get("gaba"), 1e-9);

        // the lab: as before the rehearsal
        assertEquals(50.0, dosing.concentrations(O).get("gaba"), 1e-9);
        assertEquals(1990.0, reservoir("sim/pump0:gaba").level(), 1e-9);
        assertEquals(1, dosing.history(O).size());
        assertEquals(1, delivered.size());
    }

    @Test
    void aRehearsalCountsTheLabsDosesOfTheLast24HoursAndItsOwn() throws Exception {
        dosing.dose(session, new DoseOrder(O, "gaba", 19.9, "nmol", null));
        now.advance(120 * MIN);
        dosing.dose(session, new DoseOrder(O, "gaba", 19.9, "nmol", null));
        now.advance(120 * MIN);
        ManualLabClock virtual = ManualLabClock.jumpingOnWait(1_780_000_000_000L + now.nowMicros() / 1000); // a private rig's clock: its own time 0
        DosingRehearsal r = dosing.rehearsal(new OneCulture(), virtual);
        List<Command> rehearsed = new ArrayList<>();
        r.dose(new Session((DosingDesk) r, rehearsed), new DoseOrder(O, "gaba", 19.9, "nmol", null));
        virtual.advance(120 * MIN);
        CommandRefusedException e = assertThrows(CommandRefusedException.class,
                () -> r.dose(new Session((DosingDesk) r, rehearsed), new DoseOrder(O, "gaba", 1, "nmol", null)));
        assertEquals(List.of(DosingBook.LIMIT_DAILY), e.policyIds(), e.getMessage());
        // the lab itself has had only its own two doses
        dosing.dose(session, new DoseOrder(O, "gaba", 19.9, "nmol", null));
    }

    final class OneCulture implements CultureRegistry {
        @Override
        public List<Organoid> cultures() {
            return List.of(organoid());
        }

        @Override
        public Optional<Organoid> culture(String id) {
            return O.equals(id) ? Optional.of(organoid()) : Optional.empty();
        }
    }

    /**
     * What a command path does for a dose or exchange, with the dosing desk as the only guard and journal: the lab's
     * service on the lab's path, a rehearsal on a dry run's private one.
     */
    final class Session implements LabSession {
        private final DosingDesk dosing;
        private final List<Command> taken;
        private int commands;

        Session(DosingDesk dosing) {
            this(dosing, delivered);
        }

        Session(DosingDesk dosing, List<Command> taken) {
            this.dosing = dosing;
            this.taken = taken;
        }

        @Override
        public String id() {
            return "s1";
        }

        @Override
        public Caller caller() {
            return new Caller("alice", Set.of("researcher"), "research");
        }

        private CommandReceipt run(Command c) throws CommandRefusedException {
            long t = dosing.clock() == null ? now.nowMicros() : dosing.clock().nowMicros(); // the path's own clock, as control's
            CommandRequest r = new CommandRequest("s1-c" + ++commands, id(), caller(), c, organoid(), t);
            GuardDecision d = dosing.check(r);
            if (!d.allowed()) throw new CommandRefusedException("dosing", d.reason(), d.policyIds());
            CommandRecord record = new CommandRecord(r, true, "control", "", d.policyIds());
            dosing.append(record);
            taken.add(c);
            CommandReceipt receipt = new CommandReceipt(r.commandId(), "dev", t);
            dosing.carriedOut(record, receipt);
            return receipt;
        }

        @Override
        public CommandReceipt stimulate(Stimulate command) throws CommandRefusedException {
            return run(command);
        }

        @Override
        public CommandReceipt dose(Dose command) throws CommandRefusedException {
            return run(command);
        }

        @Override
        public CommandReceipt exchangeMedium(ExchangeMedium command) throws CommandRefusedException {
            return run(command);
        }

        @Override
        public AutoCloseable subscribe(String organoidId, SignalListener listener, boolean wantsRaw) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void emergencyStop() {
        }

        @Override
        public void close() {
        }
    }
}
