package io.dockmedic.core.log;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Recognises stack-trace lines and reads an assembled trace into a {@link StackTrace} whose frames are
 * normalised (no line numbers, memory addresses, generated-class numbers or goroutine ids), so the same
 * failure at the same place always yields the same StackTrace. Runs once per event, not per line.
 */
final class StackTraces {

    /** Frames kept, nearest the throw point first. */
    static final int TOP_FRAMES = 5;

    private static final Pattern JS_POSITION = Pattern.compile("(:\\d+)+$");

    private StackTraces() {
    }

    /** "java.lang.IllegalStateException: boom", "Exception in thread "main" ...": a JVM exception header. */
    static boolean isJavaExceptionLine(String text) {
        if (text.startsWith("Exception in thread ")) {
            return true;
        }
        if (text.isEmpty() || !Character.isJavaIdentifierStart(text.charAt(0))) {
            return false; // what qualifiedNameEnd finds out after reading the name: most lines start otherwise
        }
        int end = qualifiedNameEnd(text, 0);
        if (end < 0) {
            return false;
        }
        return isJavaExceptionName(text, 0, end)
                && (end == text.length() || text.charAt(end) == ':' && (end + 1 == text.length() || text.charAt(end + 1) == ' '));
    }

    /** "ValueError: bad value", "KeyboardInterrupt", "psycopg2.OperationalError: ...": a Python traceback's last line. */
    static boolean isPythonExceptionLine(String text) {
        char c = text.charAt(0);
        if (!(Tokens.isLetter(c) || c == '_')) {
            return false;
        }
        int end = 1;
        while (end < text.length() && (isIdentifierPart(text.charAt(end)) || text.charAt(end) == '.')) {
            end++;
        }
        return end == text.length() || text.charAt(end) == ':';
    }

    /** "main.main()", "net/http.(*conn).serve(0xc000a8)", "panic({0x6a, 0x7b})": a Go trace's function line. */
    static boolean isGoFunctionLine(String text) {
        if (!text.endsWith(")") || !(Tokens.isLetter(text.charAt(0)) || text.charAt(0) == '_')) {
            return false;
        }
        int paren = text.indexOf('(');
        int space = text.indexOf(' ');
        return paren > 0 && (space < 0 || space > paren) && (text.lastIndexOf('.', paren) > 0 || text.startsWith("panic("));
    }

    /** The stack trace in an assembled event's lines, or null when it holds none. */
    static StackTrace parse(PendingEvent.Shape shape, List<String> lines) {
        return switch (shape) {
            case PYTHON -> python(lines);
            case GO -> go(lines);
            case JAVA -> java(lines);
            case PLAIN -> {
                if (lines.size() < 2) {
                    yield null; // both need a header line above their first frame; most events are one line
                }
                StackTrace java = java(lines);
                yield java != null ? java : javascript(lines);
            }
            case POSTGRES, BANNER, ABORT -> null;
            case RUST -> RuntimeCrashes.rust(lines);
            case RUBY -> RuntimeCrashes.ruby(lines);
            case SANITIZER -> RuntimeCrashes.sanitizer(lines);
            case OTP -> RuntimeCrashes.erlang(lines);
            case ELIXIR -> RuntimeCrashes.elixir(lines);
        };
    }

    /** The stack trace a structured line carries in a field (logstash "stack_trace", "exc_info", ...). */
    static StackTrace fromJsonField(String line) {
        // Every field name JsonLine takes a trace from contains one of these words: most lines skip the parse.
        if (!line.contains("stack") && !line.contains("exc_info") && !line.contains("exception")) {
            return null;
        }
        String text = JsonLine.stackTrace(line);
        if (text == null || text.isBlank()) {
            return null;
        }
        List<String> lines = Arrays.asList(text.split("\r?\n"));
        for (String candidate : lines) {
            if (candidate.startsWith(PendingEvent.TRACEBACK)) {
                return python(lines);
            }
            if (candidate.startsWith("goroutine ")) {
                return go(lines);
            }
        }
        StackTrace java = java(lines);
        return java != null ? java : javascript(lines);
    }

    // ---- Java ---------------------------------------------------------------------------------------

    private static StackTrace java(List<String> lines) {
        int firstFrame = -1;
        for (int i = 0; i < lines.size() && firstFrame < 0; i++) {
            if (isJavaFrame(lines.get(i))) {
                firstFrame = i;
            }
        }
        if (firstFrame < 1) {
            return null;
        }
        // Java prints the root cause last ("Caused by:"); with logback's root-cause-first option it comes first.
        int root = firstFrame - 1;
        boolean rootFirst = lines.stream().anyMatch(line -> line.startsWith("Wrapped by: "));
        if (!rootFirst) {
            for (int i = firstFrame; i < lines.size(); i++) {
                if (lines.get(i).startsWith("Caused by: ")) {
                    root = i;
                }
            }
        }
        List<String> frames = javaFrames(lines, root + 1);
        if (frames.isEmpty()) {
            frames = javaFrames(lines, firstFrame);
        }
        String header = lines.get(root);
        if (header.startsWith("Caused by: ")) {
            header = header.substring("Caused by: ".length());
        } else if (header.startsWith("Exception in thread \"")) {
            int close = header.indexOf("\" ", "Exception in thread \"".length());
            header = close < 0 ? header : header.substring(close + 2);
        }
        String[] exception = javaException(header);
        return new StackTrace("java", exception[0], exception[1], frames);
    }

    private static boolean isJavaFrame(String line) {
        String t = line.strip();
        if (!t.startsWith("at ") || line.isEmpty() || line.charAt(0) != ' ' && line.charAt(0) != '\t') {
            return false;
        }
        int paren = t.indexOf('(');
        int space = t.indexOf(' ', 3);
        return paren > 3 && (space < 0 || space > paren);
    }

    /** The frames of one trace segment starting at {@code from}, skipping nested Suppressed blocks. */
    private static List<String> javaFrames(List<String> lines, int from) {
        List<String> frames = new ArrayList<>(TOP_FRAMES);
        int indent = -1;
        for (int i = from; i < lines.size() && frames.size() < TOP_FRAMES; i++) {
            String line = lines.get(i);
            int depth = indentation(line);
            if (depth == 0) {
                break;
            }
            if (!isJavaFrame(line)) {
                continue;
            }
            if (indent < 0) {
                indent = depth;
            }
            if (depth == indent) {
                frames.add(javaFrame(line.strip().substring(3)));
            }
        }
        return frames;
    }

    /**
     * "java.base/java.util.Foo$1.run(Foo.java:12)" becomes "java.util.Foo$.run": no module or class-loader
     * prefix, no hidden-class address ("/0x0000000800c03000"), no generated numbers ("$$Lambda$14",
     * "$1", "$$EnhancerBySpringCGLIB$$1a2b3c", "GeneratedMethodAccessor12", "$Proxy7"). Hand-written: it
     * runs for every kept frame, and regular expressions dominated the assembler's profile.
     */
    static String javaFrame(String frame) {
        int paren = frame.indexOf('(');
        String method = paren < 0 ? frame : frame.substring(0, paren);
        StringBuilder kept = new StringBuilder(method.length());
        for (int i = 0; i < method.length(); i++) {
            char c = method.charAt(i);
            if (c != '/') {
                kept.append(c);
            } else if (method.startsWith("/0x", i)) {
                i = hexEnd(method, i + 3) - 1;
            } else {
                kept.setLength(0); // everything so far was the module or class loader
            }
        }
        StringBuilder out = new StringBuilder(kept.length());
        for (int i = 0; i < kept.length(); i++) {
            char c = kept.charAt(i);
            out.append(c);
            if (c == '$') {
                int end = hexEnd(kept, i + 1);
                boolean numbered = false;
                for (int k = i + 1; k < end && !numbered; k++) {
                    numbered = Tokens.isDigit(kept.charAt(k));
                }
                char after = end < kept.length() ? kept.charAt(end) : '.';
                if (numbered && (after == '.' || after == '$')) {
                    i = end - 1;
                }
            } else if (endsWith(out, "Accessor") || endsWith(out, "Proxy")) {
                while (i + 1 < kept.length() && Tokens.isDigit(kept.charAt(i + 1))) {
                    i++;
                }
            }
        }
        return out.toString();
    }

    private static int hexEnd(CharSequence s, int i) {
        while (i < s.length() && Character.digit(s.charAt(i), 16) >= 0) {
            i++;
        }
        return i;
    }

    private static boolean endsWith(StringBuilder s, String suffix) {
        int start = s.length() - suffix.length();
        if (start < 0) {
            return false;
        }
        for (int k = 0; k < suffix.length(); k++) {
            if (s.charAt(start + k) != suffix.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    /** Type and message of a JVM exception header, found even inside a logger line. */
    private static String[] javaException(String header) {
        int start = 0;
        while (start < header.length()) {
            int end = qualifiedNameEnd(header, start);
            if (end > 0 && isJavaExceptionName(header, start, end)) {
                String type = header.substring(start, end);
                String message = end < header.length() && header.charAt(end) == ':' ? header.substring(end + 1).strip() : "";
                return new String[] {type, message};
            }
            int space = header.indexOf(' ', start);
            if (space < 0) {
                break;
            }
            start = space + 1;
        }
        return new String[] {"", header.strip()};
    }

    private static int qualifiedNameEnd(String text, int start) {
        int end = start;
        while (end < text.length() && (isIdentifierPart(text.charAt(end)) || text.charAt(end) == '.')) {
            end++;
        }
        return end > start && Character.isJavaIdentifierStart(text.charAt(start)) ? end : -1;
    }

    private static boolean isJavaExceptionName(String text, int start, int end) {
        int dot = text.lastIndexOf('.', end - 1);
        if (dot < start || dot == end - 1 || !Tokens.isUpper(text.charAt(dot + 1))) {
            return false;
        }
        String simple = text.substring(dot + 1, end);
        return simple.contains("Exception") || simple.endsWith("Error") || simple.endsWith("Throwable");
    }

    private static boolean isIdentifierPart(char c) {
        return Tokens.isLetter(c) || Tokens.isDigit(c) || c == '_' || c == '$';
    }

    // ---- Python -------------------------------------------------------------------------------------

    private static StackTrace python(List<String> lines) {
        int traceback = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith(PendingEvent.TRACEBACK)) {
                traceback = i;
            }
        }
        if (traceback < 0) {
            return null;
        }
        // The last traceback printed is the exception that propagated; its last line names it.
        List<String> frames = new ArrayList<>();
        String finalLine = null;
        for (int i = traceback + 1; i < lines.size(); i++) {
            String line = lines.get(i);
            String t = line.strip();
            if (t.startsWith("File \"")) {
                frames.add(pythonFrame(t));
            } else if (!line.isEmpty() && indentation(line) == 0 && isPythonExceptionLine(line)) {
                finalLine = line;
                break;
            }
        }
        List<String> top = new ArrayList<>(TOP_FRAMES);
        for (int i = frames.size() - 1; i >= 0 && top.size() < TOP_FRAMES; i--) {
            top.add(frames.get(i));
        }
        if (finalLine == null) {
            return new StackTrace("python", "", "", top);
        }
        int colon = finalLine.indexOf(':');
        String type = colon < 0 ? finalLine.strip() : finalLine.substring(0, colon);
        String message = colon < 0 ? "" : finalLine.substring(colon + 1).strip();
        return new StackTrace("python", type, message, top);
    }

    /** {@code File "/app/db.py", line 12, in connect} becomes {@code connect (/app/db.py)}. */
    private static String pythonFrame(String frame) {
        int close = frame.indexOf('"', 6);
        String path = close < 0 ? frame.substring(6) : frame.substring(6, close);
        int in = frame.lastIndexOf(", in ");
        String function = in < 0 ? "?" : frame.substring(in + 5).strip();
        return function + " (" + path + ")";
    }

    // ---- Go -----------------------------------------------------------------------------------------

    private static StackTrace go(List<String> lines) {
        String type = "panic";
        String message = "";
        int goroutine = -1;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (message.isEmpty() && goroutine < 0) {
                int panic = line.indexOf("panic: ");
                if (line.startsWith("fatal error: ")) {
                    type = "fatal error";
                    message = line.substring("fatal error: ".length());
                } else if (panic >= 0) {
                    message = line.substring(panic + "panic: ".length());
                }
            }
            if (line.startsWith("goroutine ")) {
                goroutine = i;
                break;
            }
        }
        if (message.endsWith(" [recovered]")) {
            message = message.substring(0, message.length() - " [recovered]".length());
        }
        List<String> all = new ArrayList<>();
        List<String> application = new ArrayList<>();
        for (int i = goroutine + 1; goroutine >= 0 && i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank() || line.startsWith("goroutine ")) {
                break; // the failing goroutine comes first; the others are not the failure
            }
            if (indentation(line) > 0 || line.startsWith("created by ") || !isGoFunctionLine(line)) {
                continue;
            }
            String function = goFunction(line);
            all.add(function);
            if (!function.startsWith("runtime.") && !function.equals("panic")) {
                application.add(function);
            }
        }
        List<String> frames = application.isEmpty() ? all : application;
        return new StackTrace("go", type, message.strip(), frames.subList(0, Math.min(TOP_FRAMES, frames.size())));
    }

    /** "main.(*Server).handle(0xc000010000, {0x5e1d40})" becomes "main.(*Server).handle". */
    private static String goFunction(String line) {
        int depth = 0;
        for (int i = line.length() - 1; i >= 0; i--) {
            char c = line.charAt(i);
            if (c == ')') {
                depth++;
            } else if (c == '(' && --depth == 0) {
                return line.substring(0, i);
            }
        }
        return line;
    }

    // ---- JavaScript (Node.js) -----------------------------------------------------------------------

    private static StackTrace javascript(List<String> lines) {
        int firstFrame = -1;
        for (int i = 0; i < lines.size() && firstFrame < 0; i++) {
            String line = lines.get(i);
            if (indentation(line) > 0 && line.strip().startsWith("at ")) {
                firstFrame = i;
            }
        }
        if (firstFrame < 1) {
            return null;
        }
        List<String> frames = new ArrayList<>(TOP_FRAMES);
        for (int i = firstFrame; i < lines.size() && frames.size() < TOP_FRAMES; i++) {
            String t = lines.get(i).strip();
            if (t.startsWith("at ")) {
                frames.add(javascriptFrame(t.substring(3)));
            }
        }
        String header = lines.get(firstFrame - 1).strip();
        String type = "Error";
        String message = header;
        int colon = header.indexOf(": ");
        int nameStart = colon < 0 ? -1 : header.lastIndexOf(' ', colon) + 1;
        if (colon > 0 && header.substring(nameStart, colon).matches("(?:[A-Za-z_$][\\w$.]*)?(?:Error|Exception)")) {
            type = header.substring(nameStart, colon);
            message = header.substring(colon + 2);
        }
        return new StackTrace("javascript", type, message.strip(), frames);
    }

    /** "Server.handle (/app/server.js:12:7)" becomes "Server.handle (/app/server.js)". */
    private static String javascriptFrame(String frame) {
        int open = frame.lastIndexOf(" (");
        if (open > 0 && frame.endsWith(")")) {
            String location = JS_POSITION.matcher(frame.substring(open + 2, frame.length() - 1)).replaceAll("");
            return frame.substring(0, open) + " (" + location + ")";
        }
        return JS_POSITION.matcher(frame).replaceAll("");
    }

    private static int indentation(String line) {
        int i = 0;
        while (i < line.length() && (line.charAt(i) == ' ' || line.charAt(i) == '\t')) {
            i++;
        }
        return i;
    }
}
