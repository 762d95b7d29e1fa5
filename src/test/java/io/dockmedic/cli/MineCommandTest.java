package io.dockmedic.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.dockmedic.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class MineCommandTest {

    @TempDir
    Path dir;

    @Test
    void writesOneCsvRowPerInputLineInOrder() throws Exception {
        Path input = dir.resolve("messages.log");
        Files.writeString(input, String.join("\n",
                "Connection from 10.0.0.1 port 22",
                "",
                "user \"bob, the admin\" logged in",
                "Connection from 10.0.0.2 port 2222") + "\n");
        Path output = dir.resolve("out.csv");

        int exit = Main.commandLine().execute("mine", "--input", input.toString(), "--output", output.toString());

        assertThat(exit).isZero();
        List<String> rows = Files.readAllLines(output);
        assertThat(rows).hasSize(5);
        assertThat(rows.get(0)).isEqualTo("LineId,TemplateId,Template");
        assertThat(rows.get(1)).matches("1,t[0-9a-f]{16},Connection from <IP> port <NUM>");
        assertThat(rows.get(2)).matches("2,t[0-9a-f]{16},");
        assertThat(rows.get(3)).matches("3,t[0-9a-f]{16},\"user \"\"bob, the admin\"\" logged in\"");
        assertThat(rows.get(4).split(",")[1]).isEqualTo(rows.get(1).split(",")[1]);
    }

    @Test
    void rowsCarryTheFinalGroupingOfTheRun() throws Exception {
        Path input = dir.resolve("users.log");
        Files.writeString(input, "Invalid user admin from 10.0.0.1\nInvalid user oracle from 10.0.0.2\n"
                + "Invalid user guest from 10.0.0.3\n");
        Path output = dir.resolve("users.csv");

        assertThat(Main.commandLine().execute("mine", "--input", input.toString(), "--output", output.toString()))
                .isZero();

        List<String> rows = Files.readAllLines(output).subList(1, 4);
        assertThat(rows).extracting(r -> r.split(",", 2)[1]).containsOnly(rows.get(0).split(",", 2)[1]);
        assertThat(rows.get(1)).endsWith(",Invalid user <*> from <IP>");
    }

    @Test
    void rowsBeyondTheMemoryCapSpillToATemporaryFileAndComeBackInOrder() throws Exception {
        Path spilled;
        try (MineCommand.RowIndexes rows = new MineCommand.RowIndexes(3)) {
            for (int i = 0; i < 40_000; i++) {
                rows.add(i % 7);
            }
            spilled = rows.file();
            assertThat(spilled).exists();
            assertThat(rows.size()).isEqualTo(40_000);
            rows.rewind();
            for (int i = 0; i < 40_000; i++) {
                assertThat(rows.next()).as("row %d", i).isEqualTo(i % 7);
            }
        }
        assertThat(spilled).doesNotExist();
        try (MineCommand.RowIndexes rows = new MineCommand.RowIndexes(1000)) {
            rows.add(5);
            assertThat(rows.file()).as("what fits in memory needs no file").isNull();
        }
    }

    @Test
    void theCsvIsTheSameWhetherRowsStayInMemoryOrSpill() throws Exception {
        StringBuilder log = new StringBuilder();
        for (int i = 0; i < 500; i++) {
            log.append("Invalid user u").append(i % 13 == 0 ? "ser" : "").append(" from 10.0.0.").append(i % 250)
                    .append('\n').append("session ").append(i).append(" closed\n");
        }
        byte[] input = log.toString().getBytes(StandardCharsets.UTF_8);
        java.io.ByteArrayOutputStream inMemory = new java.io.ByteArrayOutputStream();
        java.io.ByteArrayOutputStream spilling = new java.io.ByteArrayOutputStream();

        MineCommand.mine(new java.io.ByteArrayInputStream(input), inMemory, 1 << 16);
        MineCommand.mine(new java.io.ByteArrayInputStream(input), spilling, 7);

        assertThat(spilling.toString(StandardCharsets.UTF_8)).isEqualTo(inMemory.toString(StandardCharsets.UTF_8))
                .startsWith("LineId,TemplateId,Template\n1,t").contains("\n1000,t");
    }

    @Test
    void lineNumbersCountUpAcrossEveryCarry() {
        MineCommand.LineNumber number = new MineCommand.LineNumber();
        byte[] row = new byte[20];
        for (long expected = 1; expected <= 1_000_101; expected++) {
            int end = number.next(row, 0);
            String written = new String(row, 0, end, StandardCharsets.US_ASCII);
            if (!written.equals(Long.toString(expected))) {
                assertThat(written).as("line number %d", expected).isEqualTo(Long.toString(expected));
            }
        }
    }

    @Test
    void quotesTemplatesThatHoldCommasOrQuotes() throws Exception {
        StringWriter out = new StringWriter();
        MineCommand.writeField(out, "a, b \"c\"");
        assertThat(out).hasToString("\"a, b \"\"c\"\"\"");
    }

    @Test
    void invalidUtf8AndCarriageReturnsLoseNoLine() throws Exception {
        byte[] input = "ok line\r\nbad \u0000 byte \u00ff\rlast".getBytes(StandardCharsets.ISO_8859_1);
        StringWriter out = new StringWriter();
        MineCommand.mine(new java.io.ByteArrayInputStream(input), out);
        assertThat(out.toString().split("\n")).hasSize(4);
    }

    @Test
    void linesAreSplitTheSameWhereverTheReadBuffersEnd() {
        String longLine = "x".repeat(200_000);
        // A \r\n whose two bytes fall on either side of the first 64 KiB read, empty lines, no final newline.
        String input = "a".repeat((1 << 16) - 1) + "\r\n" + longLine + "\n\n\u00e9t\u00e9\rlast";

        assertThat(lines(input.getBytes(StandardCharsets.UTF_8), 1 << 20))
                .containsExactly("a".repeat((1 << 16) - 1), longLine, "", "\u00e9t\u00e9", "last");
    }

    @Test
    void asciiLinesAndLinesToDecodeAreReadAlike() {
        String input = "plain ascii\n" + "x".repeat(150) + "\n" + "y".repeat(90) + "\u00e9" + "\n\u00e9".repeat(3)
                + "\r\n\r" + "bad \u00ff byte";
        byte[] bytes = input.getBytes(StandardCharsets.ISO_8859_1); // \u00e9 and \u00ff alone are invalid UTF-8

        assertThat(lines(bytes, 100)).containsExactly("plain ascii", "x".repeat(100), "y".repeat(90) + "\ufffd",
                "\ufffd", "\ufffd", "\ufffd", "", "bad \ufffd byte");
    }

    @Test
    void aLineLongerThanTheCapKeepsItsFirstCapCharacters() {
        String input = "\u00e9".repeat(300_000) + "\nnext\n";

        assertThat(lines(input.getBytes(StandardCharsets.UTF_8), 100_000))
                .containsExactly("\u00e9".repeat(100_000), "next");
    }

    private static List<String> lines(byte[] input, int cap) {
        MineCommand.ByteLines lines = new MineCommand.ByteLines(new java.io.ByteArrayInputStream(input), cap);
        List<String> read = new ArrayList<>();
        for (int n = lines.nextChars(); n >= 0; n = lines.nextChars()) {
            read.add(new String(lines.chars(), 0, n));
        }
        return read;
    }

    @Test
    void mineStartsWithoutTheOtherCommandsAndReadsItsArgumentsAsTheFullTreeDoes() {
        CommandLine lean = Main.commandLine("mine", "--input", "x");
        assertThat(lean.getSubcommands()).containsOnlyKeys("mine");
        CommandLine full = Main.commandLine();
        assertThat(lean.getSubcommands().get("mine").getUsageMessage())
                .isEqualTo(full.getSubcommands().get("mine").getUsageMessage())
                .contains("Usage: dockmedic mine");
        assertThat(Main.commandLine("help").getSubcommands()).containsKeys("scan", "mine", "tasks");

        StringWriter leanErr = new StringWriter();
        StringWriter fullErr = new StringWriter();
        lean.setErr(new PrintWriter(leanErr));
        full.setErr(new PrintWriter(fullErr));
        assertThat(lean.execute("mine", "--no-such-option")).isEqualTo(full.execute("mine", "--no-such-option"))
                .isEqualTo(2);
        assertThat(leanErr.toString()).isEqualTo(fullErr.toString()).contains("--no-such-option");
    }

    @Test
    void theFileToFileFormRunsWithoutPicocliAndReadsItsArgumentsAsPicocliDoes() {
        for (String[] args : List.of(
                new String[] {"mine", "--input", "in.log", "--output", "out.csv"},
                new String[] {"mine", "--output", "out.csv", "--input", "in.log"},
                new String[] {"mine", "--input=in.log", "--output=out.csv"},
                new String[] {"mine", "--input", "-", "--output", "dir/out.csv"})) {
            MineCommand plain = MineCommand.plainFileToFile(args);
            CommandLine.ParseResult parsed = Main.commandLine(args).parseArgs(args);
            MineCommand picocli = (MineCommand) parsed.subcommand().commandSpec().userObject();
            assertThat(plain).as(String.join(" ", args)).isNotNull();
            assertThat(plain.input).isEqualTo(picocli.input);
            assertThat(plain.output).isEqualTo(picocli.output);
            assertThat(picocli.evaluate).isNull();
        }
        for (String[] args : List.of(
                new String[] {"mine", "--input", "in.log"},
                new String[] {"mine", "--input", "a.log", "--input", "b.log", "--output", "out.csv"},
                new String[] {"mine", "--input", "--output", "out.csv"},
                new String[] {"mine", "--input", "@args.txt", "--output", "out.csv"},
                new String[] {"mine", "--input=", "--output", "out.csv"},
                new String[] {"mine", "--input", "in.log", "--output", "out.csv", "extra"},
                new String[] {"mine", "--input", "in.log", "--output", "out.csv", "--help"},
                new String[] {"mine", "--evaluate", "--output", "out.csv"},
                new String[] {"scan", "--input", "in.log", "--output", "out.csv"})) {
            assertThat(MineCommand.plainFileToFile(args)).as("left to picocli: %s", String.join(" ", args)).isNull();
        }
    }

    @Test
    void aRunWithoutPicocliWritesTheCsvPicocliWouldAndLeavesErrorsToIt() throws Exception {
        Path input = dir.resolve("messages.log");
        Files.writeString(input, "Connection from 10.0.0.1 port 22\nConnection from 10.0.0.2 port 2222\nbye\n");
        Path direct = dir.resolve("direct.csv");
        Path picocli = dir.resolve("picocli.csv");

        assertThat(MineCommand.runWithoutPicocli("mine", "--input", input.toString(), "--output", direct.toString()))
                .isZero();
        assertThat(new CommandRun().execute("mine", "--input", input.toString(), "--output", picocli.toString()))
                .isZero();

        assertThat(Files.readString(direct)).isEqualTo(Files.readString(picocli)).contains("3,t");
        assertThat(MineCommand.runWithoutPicocli("mine", "--input", dir.resolve("nope.log").toString(),
                "--output", direct.toString())).as("picocli reports the unreadable file").isNull();
    }

    @Test
    void missingInputFileIsAClearError() {
        CommandRun cli = new CommandRun();
        int exit = cli.execute("mine", "--input", dir.resolve("nope.log").toString());
        assertThat(exit).isNotZero();
        assertThat(cli.err()).contains("cannot read input file");
    }

    @Test
    void evaluateOfAMissingFolderFailsClearly() {
        CommandRun cli = new CommandRun();
        int exit = cli.execute("mine", "--evaluate", dir.resolve("absent").toString());
        assertThat(exit).isNotZero();
        assertThat(cli.err()).contains("Loghub folder not found");
    }

    @Test
    void evaluateWithoutAFolderScoresTheRepositorysCopiesOfBothSets() {
        CommandRun cli = new CommandRun(); // surefire runs in the repository root
        int exit = cli.execute("mine", "--evaluate");
        assertThat(exit).as(cli.err()).isZero();
        assertThat(cli.out()).contains("in-sample mean", "dev       mean");
        for (String system : List.of("Apache", "HDFS", "Hadoop", "HealthApp", "Linux", "OpenSSH", "Spark",
                "Zookeeper", "HPC", "Proxifier", "Windows")) {
            assertThat(cli.out()).contains(" " + system + " ");
        }
    }
}
