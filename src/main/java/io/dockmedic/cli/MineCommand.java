package io.dockmedic.cli;

import io.dockmedic.bench.LoghubEvaluation;
import io.dockmedic.bench.LoghubSystem;
import io.dockmedic.core.mining.MinedTemplate;
import io.dockmedic.core.mining.MinerSnapshot;
import io.dockmedic.core.mining.TemplateMiner;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
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
        if (!readable(input)) {
            throw new ParameterException(spec.commandLine(), "cannot read input file: " + input);
        }
        try (InputStream in = open(input)) {
            if (output == null) {
                mine(in, spec.commandLine().getOut());
            } else {
                try (OutputStream out = Files.newOutputStream(output)) {
                    mine(in, out);
                }
            }
        }
        return 0;
    }

    /**
     * Runs {@code mine --input FILE --output CSV} (in either order, each also as {@code --name=value}) without
     * picocli, as {@link #call()} would, and returns its exit code; null for any other arguments, which picocli
     * parses as before (help, {@code --evaluate}, stdout as output, an unreadable input, anything it would reject
     * or expand). Picocli builds its model of a command from the annotations by reflection at every start: about
     * 0.1 s of wall time and 0.15 s of CPU before the first line is mined (0.2-0.5 s on a busy machine), where
     * mining a million lines takes about one second.
     */
    public static Integer runWithoutPicocli(String... args) {
        MineCommand command = plainFileToFile(args);
        if (command == null || !readable(command.input)) {
            return null;
        }
        try (InputStream in = open(command.input); OutputStream out = Files.newOutputStream(command.output)) {
            mine(in, out);
            return 0;
        } catch (IOException | RuntimeException e) {
            e.printStackTrace(); // as picocli reports an exception out of call(), with the same exit code
            return 1;
        }
    }

    /**
     * The command for {@code mine --input FILE --output CSV} when picocli would read the arguments as exactly that,
     * else null: each option once, values that cannot be read as an option, an argument file ({@code @...}) or
     * an empty name.
     */
    static MineCommand plainFileToFile(String... args) {
        if (args.length < 3 || !args[0].equals("mine")) {
            return null;
        }
        String in = null;
        String out = null;
        for (int i = 1; i < args.length; i++) {
            String name = args[i];
            String value;
            int eq = name.indexOf('=');
            if (eq > 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            } else if (i + 1 < args.length) {
                value = args[++i];
            } else {
                return null;
            }
            boolean plainValue = !value.isEmpty() && value.charAt(0) != '-' && value.charAt(0) != '@';
            if (name.equals("--input") && in == null && (plainValue || value.equals("-"))) {
                in = value;
            } else if (name.equals("--output") && out == null && plainValue) {
                out = value;
            } else {
                return null;
            }
        }
        if (in == null || out == null) {
            return null;
        }
        MineCommand command = new MineCommand();
        command.input = in;
        try {
            command.output = Path.of(out);
            Path.of(in);
        } catch (InvalidPathException e) {
            return null; // picocli's error for it
        }
        return command;
    }

    private static boolean readable(String input) {
        return input.equals("-") || Files.isReadable(Path.of(input));
    }

    private static InputStream open(String input) throws IOException {
        return input.equals("-") ? System.in : Files.newInputStream(Path.of(input));
    }

    /**
     * Writes the CSV for every line of {@code in}; undecodable bytes become U+FFFD, nothing is dropped.
     * Each row carries the grouping the miner ended with: a line mined before its template was absorbed
     * by another gets the absorbing template's id, and every row shows its template's final form. The
     * first pass keeps one number per line (its template's index, 4 bytes; see {@link RowIndexes}), so
     * memory grows with the templates, not with the input; the second writes each row as its line number
     * and its template's row ending, rendered once per template as UTF-8 bytes, into a buffer written
     * whole (no character encoding per row).
     */
    static void mine(InputStream in, OutputStream out) throws IOException {
        mine(in, out, RowIndexes.inMemoryFor(Runtime.getRuntime().maxMemory()));
    }

    static void mine(InputStream in, OutputStream out, int rowsInMemory) throws IOException {
        TemplateMiner miner = new TemplateMiner();
        Map<String, Integer> indexOf = new HashMap<>();
        List<String> ids = new ArrayList<>();
        List<String> minedForm = new ArrayList<>(); // the newest template the miner returned per index
        try (RowIndexes rows = new RowIndexes(rowsInMemory)) {
            ByteLines lines = new ByteLines(in, MAX_LINE_CHARS);
            for (int length = lines.nextChars(); length >= 0; length = lines.nextChars()) {
                MinedTemplate t = miner.mine(lines.chars(), length);
                Integer index = indexOf.get(t.id());
                if (index == null) {
                    index = ids.size();
                    indexOf.put(t.id(), index);
                    ids.add(t.id());
                    minedForm.add(t.template());
                } else {
                    minedForm.set(index, t.template());
                }
                rows.add(index);
            }
            Map<String, String> finalTemplates = new HashMap<>();
            for (MinerSnapshot.Template t : miner.snapshot().templates()) {
                finalTemplates.put(t.id(), t.template());
            }
            byte[][] rowEnd = new byte[ids.size()][];
            for (int i = 0; i < rowEnd.length; i++) {
                String id = miner.resolve(ids.get(i));
                StringWriter field = new StringWriter();
                writeField(field, finalTemplates.getOrDefault(id, minedForm.get(i)));
                rowEnd[i] = ("," + id + "," + field + "\n").getBytes(StandardCharsets.UTF_8);
            }
            out.write(HEADER);
            byte[] buffer = new byte[1 << 16];
            int filled = 0;
            long count = rows.size();
            rows.rewind();
            LineNumber lineId = new LineNumber();
            for (long row = 0; row < count; row++) {
                byte[] end = rowEnd[rows.next()];
                if (filled + 20 + end.length > buffer.length) {
                    out.write(buffer, 0, filled);
                    filled = 0;
                    if (20 + end.length > buffer.length) {
                        buffer = new byte[20 + end.length];
                    }
                }
                filled = lineId.next(buffer, filled);
                System.arraycopy(end, 0, buffer, filled, end.length);
                filled += end.length;
            }
            out.write(buffer, 0, filled);
            out.flush();
        }
    }

    /**
     * The template index of every row, in order: in memory up to a cap, beyond it in blocks in a temporary
     * file (deleted on close), so memory does not grow with the input. The cap is 1/32 of the heap (8 MiB,
     * two million rows, at -Xmx256m): most inputs never touch the disk, and never pay for creating a temporary
     * file (its random name seeds a SecureRandom). Written and read back as whole blocks, not int by int
     * through a synchronized stream.
     */
    static final class RowIndexes implements Closeable {
        private final int[] block;
        private int filled;
        private int read;
        private long spilled;
        private long readFromFile;
        private Path file;
        private FileChannel channel;
        private ByteBuffer bytes;

        /** At most {@code ints} indexes in memory. */
        RowIndexes(int ints) {
            block = new int[Math.max(1, ints)];
        }

        /** The cap for a heap of {@code maxMemory} bytes: 1/32 of it, between 64 Ki and 64 Mi rows. */
        static int inMemoryFor(long maxMemory) {
            return (int) Math.max(1 << 16, Math.min(1 << 26, maxMemory / 32 / Integer.BYTES));
        }

        void add(int index) throws IOException {
            if (filled == block.length) {
                spill();
            }
            block[filled++] = index;
        }

        long size() {
            return spilled + filled;
        }

        /** Where the indexes spilled to, or null while they all fit in memory. */
        Path file() {
            return file;
        }

        /** Reading starts again from the first row; no {@link #add} after this. */
        void rewind() throws IOException {
            readFromFile = 0;
            read = 0;
            if (channel != null) {
                channel.position(0);
                bytes.clear().flip();
            }
        }

        /** The next row's index; the caller reads at most {@link #size()} of them. */
        int next() throws IOException {
            if (readFromFile < spilled) {
                if (!bytes.hasRemaining()) {
                    bytes.clear();
                    long left = (spilled - readFromFile) * Integer.BYTES;
                    bytes.limit((int) Math.min(bytes.capacity(), left));
                    while (bytes.hasRemaining()) {
                        if (channel.read(bytes) < 0) {
                            throw new IOException("temporary file " + file + " ended early");
                        }
                    }
                    bytes.flip();
                }
                readFromFile++;
                return bytes.getInt();
            }
            return block[read++];
        }

        private void spill() throws IOException {
            if (channel == null) {
                file = Files.createTempFile("dockmedic-mine", ".bin");
                channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
                bytes = ByteBuffer.allocate(1 << 16);
            }
            for (int from = 0; from < filled; ) {
                int n = Math.min(filled - from, bytes.capacity() / Integer.BYTES);
                bytes.clear();
                bytes.asIntBuffer().put(block, from, n);
                bytes.limit(n * Integer.BYTES);
                while (bytes.hasRemaining()) {
                    channel.write(bytes);
                }
                from += n;
            }
            spilled += filled;
            filled = 0;
        }

        @Override
        public void close() throws IOException {
            if (channel != null) {
                channel.close();
                Files.deleteIfExists(file);
            }
        }
    }

    private static final byte[] HEADER = "LineId,TemplateId,Template\n".getBytes(StandardCharsets.US_ASCII);

    /**
     * The rows' line numbers, 1, 2, 3, ..., kept as decimal digits and counted up in place: one digit changes
     * per row most of the time, where dividing each number out again took two divisions per digit.
     */
    static final class LineNumber {
        private final byte[] digits = new byte[20]; // a long has at most 19
        private int start = digits.length;

        /** Writes the next number's digits at {@code at} of {@code into}; returns the index after them. */
        int next(byte[] into, int at) {
            int i = digits.length - 1;
            while (i >= start && digits[i] == '9') {
                digits[i--] = '0';
            }
            if (i < start) {
                start = i;
                digits[i] = '1';
            } else {
                digits[i]++;
            }
            int n = digits.length - start;
            System.arraycopy(digits, start, into, at, n);
            return at + n;
        }
    }

    /** {@link #mine(InputStream, OutputStream)} onto a writer, such as the terminal's. */
    static void mine(InputStream in, Writer out) throws IOException {
        OutputStream bytes = new OutputStream() {
            private final java.nio.charset.CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder();

            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                // rows are whole UTF-8 sequences and every buffer ends at a row's end
                out.write(decoder.decode(java.nio.ByteBuffer.wrap(b, off, len)).toString());
            }

            @Override
            public void flush() throws IOException {
                out.flush();
            }
        };
        mine(in, bytes);
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

    /**
     * Lines split at \n, \r\n or \r, read as bytes and decoded line by line (invalid UTF-8 becomes
     * U+FFFD); a line longer than the cap keeps its first {@code cap} chars.
     */
    static final class ByteLines {
        private final InputStream in;
        private final int cap;
        private final byte[] buf = new byte[1 << 16];
        private int pos;
        private int len;
        private boolean pendingCr;
        private boolean ended;
        /** The start of a line that did not end inside {@link #buf}, at most 4 bytes per kept char. */
        private byte[] carry = new byte[256];
        private int carried;
        /** The line found by {@link #advance()}: in {@link #buf} or {@link #carry}. */
        private byte[] lineBytes;
        private int lineFrom;
        private int lineLength;
        private char[] chars = new char[256];

        ByteLines(InputStream in, int cap) {
            this.in = in;
            this.cap = cap;
        }

        /**
         * Decodes the next line, without its terminator, into {@link #chars()} and returns its length, or -1 at
         * end of input; no String for a line of ASCII bytes.
         */
        int nextChars() {
            if (!advance()) {
                return -1;
            }
            int n = Math.min(lineLength, cap); // an ASCII byte is one char
            if (chars.length < n) {
                chars = new char[Math.max(n, chars.length * 2)];
            }
            byte[] b = lineBytes;
            int from = lineFrom;
            int negative = 0;
            for (int i = 0; i < n; i++) {
                byte v = b[from + i];
                chars[i] = (char) v;
                negative |= v;
            }
            if (negative >= 0 && (n == lineLength || allAscii(b, from + n, from + lineLength))) {
                return n;
            }
            String line = decode();
            if (chars.length < line.length()) {
                chars = new char[line.length()];
            }
            line.getChars(0, line.length(), chars, 0);
            return line.length();
        }

        /** The chars of the line {@link #nextChars()} read, from 0 to its length. */
        char[] chars() {
            return chars;
        }

        private static boolean allAscii(byte[] b, int from, int to) {
            for (int i = from; i < to; i++) {
                if (b[i] < 0) {
                    return false;
                }
            }
            return true;
        }

        /** Finds the bytes of the next line ({@link #lineBytes} from {@link #lineFrom}); false at end of input. */
        private boolean advance() {
            if (carry.length > 1 << 16) {
                carry = new byte[256]; // one huge line must not pin its buffer for the rest of the input
            }
            carried = 0;
            boolean any = false;
            try {
                while (true) {
                    if (pos == len) {
                        if (ended || !fill()) {
                            return any && line(carry, 0, carried);
                        }
                    }
                    if (pendingCr) {
                        pendingCr = false;
                        if (buf[pos] == '\n') {
                            pos++;
                            continue;
                        }
                    }
                    int start = pos;
                    int end = start;
                    while (end < len && buf[end] != '\n' && buf[end] != '\r') {
                        end++;
                    }
                    if (end < len) {
                        pendingCr = buf[end] == '\r';
                        pos = end + 1;
                        if (carried == 0) {
                            return line(buf, start, end - start);
                        }
                        keep(start, end - start);
                        return line(carry, 0, carried);
                    }
                    keep(start, end - start);
                    any = true;
                    pos = len;
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read input", e);
            }
        }

        private boolean line(byte[] bytes, int from, int length) {
            lineBytes = bytes;
            lineFrom = from;
            lineLength = length;
            return true;
        }

        /** The line {@link #advance()} found, decoded; invalid UTF-8 becomes U+FFFD. */
        private String decode() {
            String line = new String(lineBytes, lineFrom, lineLength, StandardCharsets.UTF_8);
            return line.length() > cap ? line.substring(0, cap) : line;
        }

        private boolean fill() throws IOException {
            len = in.read(buf);
            pos = 0;
            if (len <= 0) {
                len = 0;
                ended = true;
                return false;
            }
            return true;
        }

        private void keep(int from, int count) {
            int room = (int) Math.min((long) cap * 4, Integer.MAX_VALUE - 8) - carried;
            int kept = Math.min(room, count);
            if (kept <= 0) {
                return;
            }
            if (carried + kept > carry.length) {
                carry = Arrays.copyOf(carry, Math.max(carry.length * 2, carried + kept));
            }
            System.arraycopy(buf, from, carry, carried, kept);
            carried += kept;
        }
    }
}
