package io.dockmedic.cli;

import io.dockmedic.bench.LoghubEvaluation;
import io.dockmedic.bench.LoghubSystem;
import io.dockmedic.core.mining.MinedTemplate;
import io.dockmedic.core.mining.MinerSnapshot;
import io.dockmedic.core.mining.TemplateMiner;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code dockmedic mine}: the template of every line of a file, as CSV; or the Loghub evaluation. */
@Command(name = "mine", mixinStandardHelpOptions = true,
        description = {"Mines message templates: reads one message per line and writes a CSV "
                + "LineId,TemplateId,Template with one row per input line, in order.",
                "With --evaluate [DIR...], scores the miner on the Loghub *_2k.log_structured.csv files in each "
                        + "DIR (GA and FGA per system, and the means of each folder); without DIR, on the copies "
                        + "kept in the repository: src/test/resources/loghub/in-sample and .../dev, read from "
                        + "the repository root."})
public final class MineCommand implements Callable<Integer> {

    /** Longer lines are mined from their first this-many characters; the rest cannot change the template. */
    static final int MAX_LINE_CHARS = 1 << 20;

    @Spec
    CommandSpec spec;

    @Option(names = "--input", paramLabel = "FILE", description = "Messages, one per line; '-' for stdin.")
    String input;

    @Option(names = "--output", paramLabel = "CSV", description = "Where to write the CSV; stdout if absent.")
    Path output;

    @Option(names = "--evaluate", paramLabel = "DIR", arity = "0..*",
            description = "Loghub folders to score the miner on (default: the repository's copies).")
    List<Path> evaluate;

    @Override
    public Integer call() throws IOException {
        if ((input == null) == (evaluate == null)) {
            throw new ParameterException(spec.commandLine(), "give exactly one of --input FILE or --evaluate DIR");
        }
        if (evaluate != null) {
            List<Path> dirs = evaluate.isEmpty() ? List.of(LoghubSystem.IN_SAMPLE, LoghubSystem.DEV) : evaluate;
            List<LoghubSystem> systems = new ArrayList<>();
            try {
                for (Path dir : dirs) {
                    systems.addAll(LoghubSystem.loadAll(dir));
                }
            } catch (IllegalStateException e) {
                throw new ParameterException(spec.commandLine(), e.getMessage()
                        + (evaluate.isEmpty() ? " (run from the repository root, or give --evaluate DIR)" : ""));
            }
            LoghubEvaluation evaluation = LoghubEvaluation.run(systems);
            spec.commandLine().getOut().print(evaluation.table());
            spec.commandLine().getOut().print(evaluation.selfCheck());
            spec.commandLine().getOut().flush();
            return 0;
        }
        if (!input.equals("-") && !Files.isReadable(Path.of(input))) {
            throw new ParameterException(spec.commandLine(), "cannot read input file: " + input);
        }
        try (InputStream in = input.equals("-") ? System.in : Files.newInputStream(Path.of(input))) {
            if (output == null) {
                mine(in, spec.commandLine().getOut());
            } else {
                try (Writer out = Files.newBufferedWriter(output, StandardCharsets.UTF_8)) {
                    mine(in, out);
                }
            }
        }
        return 0;
    }

    /**
     * Writes the CSV for every line of {@code in}; undecodable bytes become U+FFFD, nothing is dropped.
     * Each row carries the grouping the miner ended with: a line mined before its template was absorbed
     * by another gets the absorbing template's id, and every row shows its template's final form. The
     * first pass keeps the rows in a temporary file, so memory does not grow with the input.
     */
    static void mine(InputStream in, Writer out) throws IOException {
        Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE));
        TemplateMiner miner = new TemplateMiner();
        Path rows = Files.createTempFile("dockmedic-mine", ".tsv");
        try {
            try (BufferedWriter tmp = Files.newBufferedWriter(rows, StandardCharsets.UTF_8)) {
                LineReader lines = new LineReader(reader, MAX_LINE_CHARS);
                for (String line = lines.next(); line != null; line = lines.next()) {
                    MinedTemplate t = miner.mine(line);
                    tmp.write(t.id());
                    tmp.write('\t');
                    tmp.write(t.template()); // masked templates hold no tab or line break
                    tmp.write('\n');
                }
            }
            Map<String, String> finalTemplates = new HashMap<>();
            for (MinerSnapshot.Template t : miner.snapshot().templates()) {
                finalTemplates.put(t.id(), t.template());
            }
            BufferedWriter csv = new BufferedWriter(out, 1 << 16);
            csv.write("LineId,TemplateId,Template\n");
            try (BufferedReader tmp = Files.newBufferedReader(rows, StandardCharsets.UTF_8)) {
                long lineId = 0;
                for (String row = tmp.readLine(); row != null; row = tmp.readLine()) {
                    int tab = row.indexOf('\t');
                    String id = miner.resolve(row.substring(0, tab));
                    csv.write(Long.toString(++lineId));
                    csv.write(',');
                    csv.write(id);
                    csv.write(',');
                    writeField(csv, finalTemplates.getOrDefault(id, row.substring(tab + 1)));
                    csv.write('\n');
                }
            }
            csv.flush();
        } finally {
            Files.deleteIfExists(rows);
        }
    }

    /** RFC 4180: quote a field holding a comma, quote or line break, doubling its quotes. */
    static void writeField(Writer out, String field) throws IOException {
        boolean quote = false;
        for (int i = 0; i < field.length() && !quote; i++) {
            char c = field.charAt(i);
            quote = c == ',' || c == '"' || c == '\n' || c == '\r';
        }
        if (!quote) {
            out.write(field);
            return;
        }
        out.write('"');
        out.write(field.replace("\"", "\"\""));
        out.write('"');
    }

    /** Lines split at \n, \r\n or \r; a line longer than the cap keeps its first {@code cap} chars. */
    static final class LineReader {
        private final Reader in;
        private final int cap;
        private final char[] buf = new char[1 << 16];
        private int pos;
        private int len;
        private boolean pendingCr;

        LineReader(Reader in, int cap) {
            this.in = in;
            this.cap = cap;
        }

        /** The next line without its terminator, or null at end of input. */
        String next() {
            StringBuilder line = new StringBuilder();
            boolean any = false;
            try {
                while (true) {
                    if (pos == len) {
                        len = in.read(buf);
                        pos = 0;
                        if (len <= 0) {
                            len = 0;
                            return any ? line.toString() : null;
                        }
                    }
                    char c = buf[pos++];
                    if (pendingCr) {
                        pendingCr = false;
                        if (c == '\n') {
                            continue;
                        }
                    }
                    if (c == '\n' || c == '\r') {
                        pendingCr = c == '\r';
                        return line.toString();
                    }
                    any = true;
                    if (line.length() < cap) {
                        line.append(c);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read input", e);
            }
        }
    }
}
