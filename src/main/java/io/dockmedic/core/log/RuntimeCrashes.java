package io.dockmedic.core.log;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The crash reports of runtimes whose first line states no level and looks like no Java, Python, Go or
 * Node trace: Rust panics, Ruby's uncaught exceptions, Erlang/OTP reports, Elixir exceptions,
 * AddressSanitizer reports and the C library's (or C++ runtime's) abort messages. Recognises their
 * lines and reads each into a {@link StackTrace} whose frames carry no line numbers or addresses.
 * Every test is a few character checks first: these run on lines that start events.
 */
final class RuntimeCrashes {

    /** "/app/app.rb:31:in `fetch': key not found: :amount (KeyError)" (Ruby 3.4 quotes 'Hash#fetch'). */
    private static final Pattern RUBY_HEADER = Pattern.compile("^(\\S+?):\\d+:in [`']([^'`]*)': (.*) \\(([A-Z][\\w:]*)\\)$");
    private static final Pattern RUBY_FRAME = Pattern.compile("^\\s+from (\\S+?):\\d+:in [`']([^'`]*)'");
    /** "    #0 0x564bddc61606 in fill /src/resizer.c:46" or "    #2 0x7f68  (/lib/x86_64-linux-gnu/libc.so.6+0x27249)". */
    private static final Pattern SANITIZER_FRAME = Pattern.compile("^\\s+#\\d+ 0x[0-9a-f]+ in (\\S+) (\\S+?)(?::\\d+)*$");
    private static final Pattern SANITIZER_ERROR = Pattern.compile("^==\\d+==ERROR: (\\w+Sanitizer): ([\\w-]+)");
    /** "{settle,fee,2,[{file,...},{line,40}]}": module, function and arity of an Erlang stack entry. */
    private static final Pattern ERLANG_FRAME = Pattern.compile("\\{('[^']+'|[a-z][\\w@]*),('[^']+'|[a-z][\\w@]*),(\\d+|\\[)");
    /** escript compiles its script into a module named after the time: "settle_escript__escript__1796__245286__115489__3". */
    private static final Pattern ESCRIPT_MODULE = Pattern.compile("__escript__\\d+(?:__\\d+)*");
    private static final Pattern ELIXIR_HEADER = Pattern.compile("^\\*\\* \\(([^)]+)\\) ?(.*)$");
    /** "    app/settle.exs:8: Settle.fee/2" or "    (elixir 1.14.0) lib/task/supervised.ex:89: Task.Supervised.invoke_mfa/2". */
    private static final Pattern ELIXIR_FRAME = Pattern.compile("^\\s+(?:\\([^)]*\\) )?(\\S+?):\\d+: (\\S+)");
    /** "    :erlang.*(1, :rate_1)": a call without a file. */
    private static final Pattern ELIXIR_CALL = Pattern.compile("^\\s+(:?[\\w.]+\\.[^\\s(]+)\\(");
    private static final String[] SHELL_SIGNALS = {"Segmentation fault", "Aborted", "Bus error", "Illegal instruction",
        "Floating point exception", "Killed", "Trace/breakpoint trap"};
    private static final String[] ELIXIR_CONTEXT = {"Function: ", "Args: ", "Last message", "State: ", "Client ",
        "Parent: ", "Supervisor: ", "Start Call: ", "Restart: ", "Child: "};

    private RuntimeCrashes() {
    }

    // ---- Rust -----------------------------------------------------------------------------------------

    /** "thread 'main' panicked at ..." or, since Rust 1.89, "thread 'main' (1) panicked at ...". */
    static boolean isRustPanic(String text) {
        return text.startsWith("thread '") && text.contains(" panicked at ");
    }

    /** The current format puts the location on the first line and the message on the lines after it. */
    static boolean rustMessageFollows(String text) {
        return text.endsWith(":") && !text.contains(" panicked at '");
    }

    /** Lines of a Rust panic after its first: the backtrace, its frames and the runtime's notes. */
    static boolean isRustTraceLine(String text) {
        return text.startsWith("stack backtrace:") || text.startsWith("note: ");
    }

    static StackTrace rust(List<String> lines) {
        String first = lines.get(0);
        int at = first.indexOf(" panicked at ") + " panicked at ".length();
        String message;
        String location;
        if (first.startsWith("'", at)) {
            int close = first.lastIndexOf("', ");
            message = close > at ? first.substring(at + 1, close) : first.substring(at);
            location = close > at ? first.substring(close + 3) : "";
        } else {
            location = first.substring(at, first.length() - (first.endsWith(":") ? 1 : 0));
            StringBuilder text = new StringBuilder();
            for (int i = 1; i < lines.size() && !isRustTraceLine(lines.get(i)); i++) {
                text.append(text.isEmpty() ? "" : "\n").append(lines.get(i));
            }
            message = text.toString();
        }
        List<String> frames = new ArrayList<>(StackTraces.TOP_FRAMES);
        boolean backtrace = false;
        for (String line : lines) {
            if (line.startsWith("stack backtrace:")) {
                backtrace = true;
                continue;
            }
            String t = line.strip();
            int colon = t.indexOf(": ");
            if (!backtrace || colon < 1 || !Tokens.isDigit(t.charAt(0)) || frames.size() >= StackTraces.TOP_FRAMES) {
                continue;
            }
            String function = t.substring(colon + 2);
            // The panic machinery's own frames name no application code.
            if (!function.contains("rust_begin_unwind") && !function.startsWith("core::") && !function.startsWith("std::")
                    && !function.startsWith("alloc::") && !function.startsWith("<")) {
                frames.add(function);
            }
        }
        if (frames.isEmpty()) {
            frames.add(withoutColumn(location)); // no backtrace: the panic's place is all there is
        }
        return new StackTrace("rust", "panic", message.strip(), frames);
    }

    /** "src/main.rs:19:21" becomes "src/main.rs:19": the column moves with formatting, the line names the call. */
    private static String withoutColumn(String location) {
        int last = location.lastIndexOf(':');
        int previous = last > 0 ? location.lastIndexOf(':', last - 1) : -1;
        return previous > 0 ? location.substring(0, last) : location;
    }

    // ---- Ruby -----------------------------------------------------------------------------------------

    /** The line Ruby prints for an exception nobody rescued (and for each of its causes). */
    static boolean isRubyExceptionLine(String text) {
        if (!text.endsWith(")")) {
            return false; // before searching the line
        }
        int in = text.indexOf(":in ");
        return in > 0 && Tokens.isDigit(text.charAt(in - 1)) && RUBY_HEADER.matcher(text).matches();
    }

    static StackTrace ruby(List<String> lines) {
        // Ruby prints the exception first and its causes after it: the last header is the root cause.
        int root = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (isRubyExceptionLine(lines.get(i))) {
                root = i;
            }
        }
        if (root < 0) {
            return null;
        }
        Matcher header = RUBY_HEADER.matcher(lines.get(root));
        header.matches();
        List<String> frames = new ArrayList<>(StackTraces.TOP_FRAMES);
        frames.add(header.group(2) + " (" + header.group(1) + ")");
        for (int i = root + 1; i < lines.size() && frames.size() < StackTraces.TOP_FRAMES; i++) {
            Matcher frame = RUBY_FRAME.matcher(lines.get(i));
            if (!frame.find()) {
                break;
            }
            frames.add(frame.group(2) + " (" + frame.group(1) + ")");
        }
        return new StackTrace("ruby", header.group(4), header.group(3), frames);
    }

    // ---- C and C++: the C library's abort messages, the shell's report of a signal, sanitizers --------

    /** What glibc or the C++ runtime prints before it aborts the process. */
    static boolean isAbortMessage(String text) {
        return text.startsWith("*** ") && text.contains(" ***: terminated")
                || text.startsWith("free(): ") || text.startsWith("double free or corruption")
                || text.startsWith("malloc(): ") || text.startsWith("realloc(): ") || text.startsWith("munmap_chunk(): ")
                || text.startsWith("corrupted size vs. prev_size") || text.startsWith("Fatal glibc error: ")
                || text.startsWith("terminate called ")
                || isAssertionFailure(text);
    }

    /** "app: main.c:12: main: Assertion `n > 0' failed.": the one abort message that may start with a digit. */
    static boolean isAssertionFailure(String text) {
        return text.endsWith("' failed.") && text.contains(": Assertion `");
    }

    /** "/entrypoint.sh: line 5:     6 Aborted    ./app", "Segmentation fault (core dumped)": a shell's report. */
    static boolean isShellSignalReport(String text) {
        int i = 0;
        int line = text.indexOf(": line ");
        if (line > 0 && line < 200) {
            i = text.indexOf(": ", line + 7);
            if (i < 0) {
                return false;
            }
            i = Tokens.skipBlanks(text, i + 2);
            i = Tokens.skipBlanks(text, Tokens.digitsEnd(text, i)); // the child's pid
        }
        for (String signal : SHELL_SIGNALS) {
            if (text.startsWith(signal, i)) {
                return true;
            }
        }
        return false;
    }

    /** The first line of a sanitizer report: its "=====" rule or "==7==ERROR: AddressSanitizer: ...". */
    static boolean isSanitizerStart(String text) {
        return isRule(text) || text.startsWith("==") && text.contains("Sanitizer") && SANITIZER_ERROR.matcher(text).find();
    }

    /** A line of 20 or more '=' and nothing else. */
    static boolean isRule(String text) {
        if (text.length() < 20) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) != '=') {
                return false;
            }
        }
        return true;
    }

    /** "==7==ABORTING": the sanitizer's last line. */
    static boolean isSanitizerEnd(String text) {
        return text.startsWith("==") && text.endsWith("==ABORTING");
    }

    /** The report's own first line, under the "=====" rule. */
    static String sanitizerHeadline(List<String> lines) {
        for (String line : lines) {
            if (line.startsWith("==") && !isRule(line)) {
                return line;
            }
        }
        return null;
    }

    static StackTrace sanitizer(List<String> lines) {
        String headline = sanitizerHeadline(lines);
        if (headline == null) {
            return null;
        }
        Matcher error = SANITIZER_ERROR.matcher(headline);
        String type = error.find() ? error.group(1) + ": " + error.group(2) : "Sanitizer";
        int message = headline.indexOf("Sanitizer: ");
        List<String> frames = new ArrayList<>(StackTraces.TOP_FRAMES);
        boolean inStack = false;
        for (String line : lines) {
            Matcher frame = SANITIZER_FRAME.matcher(line);
            if (frame.find()) {
                inStack = true;
                String function = frame.group(1);
                if (!function.startsWith("__interceptor_") && !function.startsWith("__libc_") && !function.equals("_start")
                        && frames.size() < StackTraces.TOP_FRAMES) {
                    frames.add(function + " (" + frame.group(2) + ")");
                }
            } else if (inStack && !line.strip().startsWith("#")) {
                break; // the first stack is where it went wrong; "allocated by" stacks follow
            }
        }
        return new StackTrace("native", type, message < 0 ? headline : headline.substring(message + 11).strip(), frames);
    }

    // ---- Erlang/OTP and Elixir ------------------------------------------------------------------------

    /** "=ERROR REPORT==== 2-Dec-2026::21:01:26.606876 ===": the level of an OTP report, or null. */
    static Level otpReportLevel(String text) {
        if (text.startsWith("{\"init terminating in do_boot\"")) {
            return Level.UNKNOWN; // erl's own two lines when the boot fails: the term, then the sentence
        }
        if (!text.startsWith("=") || !text.contains(" REPORT====")) {
            return null;
        }
        if (text.startsWith("=ERROR ") || text.startsWith("=CRASH ") || text.startsWith("=SUPERVISOR ")) {
            return Level.ERROR;
        }
        if (text.startsWith("=WARNING ")) {
            return Level.WARN;
        }
        return text.startsWith("=INFO ") || text.startsWith("=PROGRESS ") || text.startsWith("=NOTICE ") ? Level.INFO : null;
    }

    static StackTrace erlang(List<String> lines) {
        StringBuilder term = new StringBuilder();
        for (int i = 2; i < lines.size(); i++) {
            term.append(lines.get(i).strip());
        }
        String text = term.toString();
        if (!text.startsWith("{") || !text.contains("[{")) {
            return null; // a report without a stack
        }
        int end = 1;
        while (end < text.length() && (Tokens.isLetter(text.charAt(end)) || text.charAt(end) == '_')) {
            end++;
        }
        String reason = text.substring(1, end);
        List<String> frames = new ArrayList<>(StackTraces.TOP_FRAMES);
        Matcher frame = ERLANG_FRAME.matcher(text);
        while (frame.find() && frames.size() < StackTraces.TOP_FRAMES) {
            String module = ESCRIPT_MODULE.matcher(frame.group(1)).replaceAll("");
            frames.add(module + ":" + frame.group(2));
        }
        return frames.isEmpty() ? null : new StackTrace("erlang", reason, "", frames);
    }

    /** "** (ArithmeticError) bad argument in arithmetic expression": Elixir's exception line. */
    static boolean isElixirExceptionLine(String text) {
        return text.startsWith("** (") && text.indexOf(')') > 4;
    }

    /** The context lines Elixir's logger prints under a crashed process's exception. */
    static boolean isElixirContextLine(String text) {
        for (String prefix : ELIXIR_CONTEXT) {
            if (text.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    static StackTrace elixir(List<String> lines) {
        int header = -1;
        for (int i = 0; i < lines.size() && header < 0; i++) {
            if (isElixirExceptionLine(lines.get(i))) {
                header = i;
            }
        }
        if (header < 0) {
            return null;
        }
        Matcher exception = ELIXIR_HEADER.matcher(lines.get(header).strip());
        exception.matches();
        List<String> frames = new ArrayList<>(StackTraces.TOP_FRAMES);
        for (int i = header + 1; i < lines.size() && frames.size() < StackTraces.TOP_FRAMES; i++) {
            String line = lines.get(i);
            Matcher frame = ELIXIR_FRAME.matcher(line);
            Matcher call = ELIXIR_CALL.matcher(line);
            if (frame.find()) {
                frames.add(frame.group(2) + " (" + frame.group(1) + ")");
            } else if (call.find()) {
                frames.add(call.group(1));
            } else if (!line.isBlank() && !Character.isWhitespace(line.charAt(0))) {
                break;
            }
        }
        return new StackTrace("elixir", exception.group(1), exception.group(2).strip(), frames);
    }
}
