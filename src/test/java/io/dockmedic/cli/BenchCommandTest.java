package io.dockmedic.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The benchmark runs end to end and prints its figures; the figures themselves are not judged here. */
class BenchCommandTest {

    @Test
    void scanModePrintsThroughputAndHeapForEveryRound() {
        CommandRun cli = new CommandRun();

        int exit = cli.execute("bench", "--mode", "scan", "--lines", "20000", "--rounds", "2");

        assertThat(exit).isZero();
        assertThat(cli.out())
                .contains("full scan path (round 1)", "full scan path (round 2)", "lines/s", "MB/s", "peak heap")
                .containsPattern("scan median: [0-9,]+ lines/s on CPU time, generation included; [1-9][0-9]* issues");
    }

    @Test
    void minerModeWithoutTheLoghubFolderIsAClearError() {
        CommandRun cli = new CommandRun();

        int exit = cli.execute("bench", "--mode", "miner", "--loghub", "/nonexistent/loghub");

        assertThat(exit).isNotZero();
        assertThat(cli.err()).contains("Loghub folder not found");
    }

    @Test
    void rescanModeWithoutALabelIsAClearError() {
        CommandRun cli = new CommandRun();

        int exit = cli.execute("bench", "--mode", "rescan");

        assertThat(exit).isNotZero();
        assertThat(cli.err()).contains("--mode rescan needs --label KEY=VALUE");
    }
}
