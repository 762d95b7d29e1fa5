package io.dockmedic.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * One labelled Loghub sample: the message of each line and its hand-labelled event id.
 *
 * @param name the system, e.g. "HDFS"
 * @param set the folder it was read from, e.g. "in-sample" or "dev": systems are scored per set
 * @param contents the Content column, in line order
 * @param eventIds the EventId column, in line order
 */
public record LoghubSystem(String name, String set, List<String> contents, List<String> eventIds) {

    private static final String SUFFIX = "_2k.log_structured.csv";

    /** The copies kept in the repository (src/test/resources/loghub/README.md), from its root. */
    public static final Path IN_SAMPLE = Path.of("src/test/resources/loghub/in-sample");
    /** The development systems kept in the repository, from its root. */
    public static final Path DEV = Path.of("src/test/resources/loghub/dev");

    public LoghubSystem {
        contents = List.copyOf(contents);
        eventIds = List.copyOf(eventIds);
    }

    /** Every {@code *_2k.log_structured.csv} in the folder, by name; fails clearly when there is none. */
    public static List<LoghubSystem> loadAll(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new IllegalStateException("Loghub folder not found: " + dir.toAbsolutePath().normalize()
                    + " (expected the *" + SUFFIX + " files there)");
        }
        List<Path> files;
        try (Stream<Path> list = Files.list(dir)) {
            files = list.filter(p -> p.getFileName().toString().endsWith(SUFFIX)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
        if (files.isEmpty()) {
            throw new IllegalStateException("no *" + SUFFIX + " file in " + dir.toAbsolutePath().normalize());
        }
        return files.stream().map(LoghubSystem::load).toList();
    }

    /** Reads one structured CSV (RFC 4180 quoting) and keeps its Content and EventId columns. */
    public static LoghubSystem load(Path file) {
        String fileName = file.getFileName().toString();
        Path parent = file.toAbsolutePath().normalize().getParent();
        String set = parent == null || parent.getFileName() == null ? "" : parent.getFileName().toString();
        String name = fileName.endsWith(SUFFIX) ? fileName.substring(0, fileName.length() - SUFFIX.length())
                : fileName;
        List<String> contents = new ArrayList<>();
        List<String> eventIds = new ArrayList<>();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            List<String> header = readRecord(in);
            if (header == null) {
                throw new IllegalStateException(file + " is empty");
            }
            int content = header.indexOf("Content");
            int eventId = header.indexOf("EventId");
            if (content < 0 || eventId < 0) {
                throw new IllegalStateException(file + " has no Content or EventId column: " + header);
            }
            for (List<String> row = readRecord(in); row != null; row = readRecord(in)) {
                if (row.size() != header.size()) {
                    throw new IllegalStateException(file + " record " + (contents.size() + 1) + " has "
                            + row.size() + " fields, header has " + header.size());
                }
                contents.add(row.get(content));
                eventIds.add(row.get(eventId));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        return new LoghubSystem(name, set, contents, eventIds);
    }

    /** The next CSV record, its quoted fields possibly spanning lines; null at end of input. */
    private static List<String> readRecord(BufferedReader in) throws IOException {
        String line = in.readLine();
        if (line == null) {
            return null;
        }
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        int i = 0;
        while (true) {
            if (i == line.length()) {
                if (!quoted) {
                    fields.add(field.toString());
                    return fields;
                }
                String next = in.readLine();
                if (next == null) {
                    throw new IllegalStateException("unterminated quoted field at end of input");
                }
                field.append('\n');
                line = next;
                i = 0;
                continue;
            }
            char c = line.charAt(i++);
            if (quoted) {
                if (c == '"') {
                    if (i < line.length() && line.charAt(i) == '"') {
                        field.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                fields.add(field.toString());
                field.setLength(0);
            } else {
                field.append(c);
            }
        }
    }
}
