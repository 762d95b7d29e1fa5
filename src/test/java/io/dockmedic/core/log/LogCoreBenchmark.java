package io.dockmedic.core.log;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Prints the throughput of level detection and event assembly over a realistic mix of a million lines
 * (Spring, PostgreSQL, nginx, Redis, JSON, logfmt, klog, Python and Java traces). A benchmark, not a
 * test: run it with {@code java -cp target/classes:target/test-classes io.dockmedic.core.log.LogCoreBenchmark [lines]}.
 */
public final class LogCoreBenchmark {

    private LogCoreBenchmark() {
    }

    public static void main(String[] args) {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        List<String> lines = corpus(count, new Random(42));
        long bytes = lines.stream().mapToLong(String::length).sum();
        LevelDetector detector = new LevelDetector();

        for (int round = 0; round < 6; round++) { // warm-up, then measure the last round
            long start = System.nanoTime();
            int problems = 0;
            for (String line : lines) {
                if (detector.parse(line).level().isProblem()) {
                    problems++;
                }
            }
            long parseNanos = System.nanoTime() - start;

            long[] events = new long[1];
            EventAssembler assembler = new EventAssembler(event -> events[0]++);
            Instant t = Instant.parse("2026-11-27T10:00:00Z");
            start = System.nanoTime();
            for (int i = 0; i < lines.size(); i++) {
                assembler.accept(new LogLine(t.plusNanos(i * 1000L), LogStream.STDOUT, lines.get(i)));
            }
            assembler.flush();
            long assembleNanos = System.nanoTime() - start;

            System.out.printf("round %d: %,d lines (%.1f MB): parse %,.0f lines/s (%.0f MB/s, %,d problems); "
                            + "assemble %,.0f lines/s into %,d events%n",
                    round + 1, lines.size(), bytes / 1e6, lines.size() / (parseNanos / 1e9),
                    bytes / 1e6 / (parseNanos / 1e9), problems, lines.size() / (assembleNanos / 1e9), events[0]);
        }
    }

    private static List<String> corpus(int count, Random random) {
        List<String> lines = new ArrayList<>(count);
        while (lines.size() < count) {
            int id = random.nextInt(100_000);
            switch (random.nextInt(12)) {
                case 0 -> lines.add("2026-11-27 10:00:00.123  INFO 1 --- [nio-8080-exec-" + (id % 10)
                        + "] c.e.shop.OrderController                 : Order " + id + " saved, errors=0");
                case 1 -> lines.add("2026-11-27 10:00:00.123 UTC [" + id + "] LOG:  connection received: host=172.18.0."
                        + (id % 250) + " port=" + (30000 + id % 1000));
                case 2 -> lines.add("172.18.0." + (id % 250) + " - - [27/Nov/2026:10:00:00 +0000] \"GET /api/items/" + id
                        + " HTTP/1.1\" 200 " + (id % 5000) + " \"-\" \"Mozilla/5.0 (X11; Linux x86_64)\"");
                case 3 -> lines.add("1:M 27 Nov 2026 10:00:00.123 * DB saved on disk, " + id + " keys");
                case 4 -> lines.add("{\"level\":\"info\",\"ts\":1700000000.123,\"caller\":\"api/handler.go:42\",\"msg\":\"request served\","
                        + "\"path\":\"/items/" + id + "\",\"status\":200,\"duration\":0.0" + (id % 90) + "}");
                case 5 -> lines.add("time=\"2026-11-27T10:00:00Z\" level=warning msg=\"slow request\" id=" + id);
                case 6 -> lines.add("I1127 10:00:00.000000       1 controller.go:" + (id % 300) + "] synced pod default/web-" + id);
                case 7 -> lines.add("2026/11/27 10:00:00 [error] 29#29: *" + id
                        + " connect() failed (111: Connection refused) while connecting to upstream, client: 172.18.0.1");
                case 8 -> lines.add("INFO:     172.18.0.1:" + id + " - \"GET /health HTTP/1.1\" 200 OK");
                case 9 -> lines.add("plain line without any header number " + id);
                case 10 -> {
                    lines.add("2026-11-27 10:00:00.123 ERROR 1 --- [main] c.e.shop.Repo : query " + id + " failed");
                    lines.add("org.postgresql.util.PSQLException: ERROR: relation \"items\" does not exist");
                    for (int f = 0; f < 8; f++) {
                        lines.add("\tat com.example.shop.Layer" + f + ".call(Layer" + f + ".java:" + (10 + f) + ")");
                    }
                    lines.add("\t... 42 more");
                }
                default -> {
                    lines.add("Traceback (most recent call last):");
                    lines.add("  File \"/app/main.py\", line 18, in main");
                    lines.add("    handle(" + id + ")");
                    lines.add("KeyError: '" + id + "'");
                }
            }
        }
        return lines.subList(0, count);
    }
}
