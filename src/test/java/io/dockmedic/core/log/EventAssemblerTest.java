package io.dockmedic.core.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventAssemblerTest {

    private static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");

    private final List<LogEvent> events = new ArrayList<>();
    private final EventAssembler assembler = new EventAssembler(events::add);
    private Instant clock = T0;

    private void feed(LogStream stream, String... lines) {
        for (String line : lines) {
            clock = clock.plusMillis(1);
            assembler.accept(new LogLine(clock, stream, line));
        }
    }

    private List<LogEvent> assemble(String... lines) {
        feed(LogStream.STDOUT, lines);
        assembler.flush();
        return events;
    }

    @Test
    void javaStackTraceWithCausesIsOneEvent() {
        List<LogEvent> out = assemble(
                "2026-11-27 10:00:00.123 ERROR 1 --- [nio-8080-exec-3] c.e.shop.OrderController : Order 42 could not be saved",
                "org.springframework.dao.DataAccessResourceFailureException: Unable to acquire JDBC Connection",
                "\tat org.springframework.orm.jpa.vendor.HibernateJpaDialect.convertHibernateAccessException(HibernateJpaDialect.java:277)",
                "\tat com.example.shop.OrderService.save(OrderService.java:58)",
                "\tat com.example.shop.OrderController.create(OrderController.java:31)",
                "Caused by: org.hibernate.exception.JDBCConnectionException: Unable to acquire JDBC Connection",
                "\tat org.hibernate.exception.internal.SQLStateConversionDelegate.convert(SQLStateConversionDelegate.java:98)",
                "\t... 48 common frames omitted",
                "Caused by: org.postgresql.util.PSQLException: Connection to db:5432 refused.",
                "\tat org.postgresql.core.v3.ConnectionFactoryImpl.openConnectionImpl(ConnectionFactoryImpl.java:342)",
                "\tat org.postgresql.core.ConnectionFactory.openConnection(ConnectionFactory.java:54)",
                "\t... 60 more",
                "2026-11-27 10:00:01.000  INFO 1 --- [nio-8080-exec-4] c.e.shop.OrderController : Order 43 saved");

        assertThat(out).hasSize(2);
        LogEvent trace = out.get(0);
        assertThat(trace.lines()).hasSize(12);
        assertThat(trace.level()).isEqualTo(Level.ERROR);
        assertThat(trace.message()).isEqualTo("Order 42 could not be saved");
        assertThat(trace.stackTrace()).isEqualTo(new StackTrace("java", "org.postgresql.util.PSQLException",
                "Connection to db:5432 refused.", List.of(
                        "org.postgresql.core.v3.ConnectionFactoryImpl.openConnectionImpl",
                        "org.postgresql.core.ConnectionFactory.openConnection")));
        assertThat(out.get(1).message()).isEqualTo("Order 43 saved");
        assertThat(out.get(1).stackTrace()).isNull();
    }

    @Test
    void uncaughtJavaExceptionIsAnErrorEventWithoutALevelWord() {
        List<LogEvent> out = assemble(
                "Exception in thread \"main\" java.lang.IllegalStateException: config file /etc/app.yml missing",
                "\tat com.example.Main.loadConfig(Main.java:40)",
                "\tat com.example.Main.main(Main.java:12)");

        assertThat(out).singleElement().satisfies(event -> {
            assertThat(event.level()).isEqualTo(Level.ERROR);
            assertThat(event.stackTrace().exceptionType()).isEqualTo("java.lang.IllegalStateException");
            assertThat(event.stackTrace().exceptionMessage()).isEqualTo("config file /etc/app.yml missing");
            assertThat(event.stackTrace().topFrames())
                    .containsExactly("com.example.Main.loadConfig", "com.example.Main.main");
        });
    }

    @Test
    void sameFailureAtTheSamePlaceYieldsTheSameStackTrace() {
        assemble(
                "java.lang.NullPointerException: Cannot invoke \"String.length()\" because \"name\" is null",
                "\tat com.example.Greeter.greet(Greeter.java:14)",
                "\tat com.example.Greeter$$Lambda$14/0x0000000800c03000.apply(Unknown Source)",
                "\tat java.base/java.util.stream.ReferencePipeline$3$1.accept(ReferencePipeline.java:197)",
                "\tat jdk.internal.reflect.GeneratedMethodAccessor12.invoke(Unknown Source)",
                "\tat com.example.Api$$EnhancerBySpringCGLIB$$1a2b3c4d.call(<generated>)",
                "other line");
        feed(LogStream.STDOUT,
                "java.lang.NullPointerException: Cannot invoke \"String.length()\" because \"name\" is null",
                "\tat com.example.Greeter.greet(Greeter.java:15)",
                "\tat com.example.Greeter$$Lambda$27/0x0000000801a07448.apply(Unknown Source)",
                "\tat java.base/java.util.stream.ReferencePipeline$3$1.accept(ReferencePipeline.java:201)",
                "\tat jdk.internal.reflect.GeneratedMethodAccessor31.invoke(Unknown Source)",
                "\tat com.example.Api$$EnhancerBySpringCGLIB$$9f8e7d6c.call(<generated>)");
        assembler.flush();

        assertThat(events).hasSize(3);
        assertThat(events.get(0).stackTrace()).isEqualTo(events.get(2).stackTrace());
        assertThat(events.get(0).stackTrace().topFrames()).containsExactly(
                "com.example.Greeter.greet",
                "com.example.Greeter$$Lambda$.apply",
                "java.util.stream.ReferencePipeline$$.accept",
                "jdk.internal.reflect.GeneratedMethodAccessor.invoke",
                "com.example.Api$$EnhancerBySpringCGLIB$$.call");
    }

    @Test
    void exceptionLoggedAtInfoStaysRoutine() {
        List<LogEvent> out = assemble(
                "10:00:00.123 [main] INFO  c.e.Retry - attempt 1 failed, retrying",
                "java.net.ConnectException: Connection refused",
                "\tat java.base/sun.nio.ch.Net.connect0(Native Method)");

        assertThat(out).singleElement().satisfies(event -> {
            assertThat(event.level()).isEqualTo(Level.INFO);
            assertThat(event.stackTrace().exceptionType()).isEqualTo("java.net.ConnectException");
        });
    }

    @Test
    void exceptionLineAfterAPlainLineStartsItsOwnEvent() {
        List<LogEvent> out = assemble(
                "Starting worker",
                "java.lang.RuntimeException: boom",
                "\tat com.example.Worker.run(Worker.java:9)");

        assertThat(out).hasSize(2);
        assertThat(out.get(1).level()).isEqualTo(Level.ERROR);
        assertThat(out.get(1).lines()).hasSize(2);
    }

    @Test
    void pythonTracebackIsOneEventNamedByItsFinalLine() {
        List<LogEvent> out = assemble(
                "Traceback (most recent call last):",
                "  File \"/app/main.py\", line 22, in <module>",
                "    main()",
                "  File \"/app/main.py\", line 18, in main",
                "    conn = connect(settings.DATABASE_URL)",
                "  File \"/usr/local/lib/python3.12/site-packages/psycopg2/__init__.py\", line 122, in connect",
                "    conn = _connect(dsn, connection_factory=connection_factory, **kwasync)",
                "           ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^",
                "psycopg2.OperationalError: connection to server at \"db\" (172.18.0.2), port 5432 failed: Connection refused",
                "Starting again");

        assertThat(out).hasSize(2);
        LogEvent traceback = out.get(0);
        assertThat(traceback.lines()).hasSize(9);
        assertThat(traceback.level()).isEqualTo(Level.ERROR);
        assertThat(traceback.message()).startsWith("psycopg2.OperationalError: connection to server");
        assertThat(traceback.stackTrace().language()).isEqualTo("python");
        assertThat(traceback.stackTrace().exceptionType()).isEqualTo("psycopg2.OperationalError");
        assertThat(traceback.stackTrace().topFrames()).containsExactly(
                "connect (/usr/local/lib/python3.12/site-packages/psycopg2/__init__.py)",
                "main (/app/main.py)",
                "<module> (/app/main.py)");
    }

    @Test
    void chainedPythonTracebacksAreOneEvent() {
        List<LogEvent> out = assemble(
                "Traceback (most recent call last):",
                "  File \"/app/cfg.py\", line 5, in load",
                "    return data[\"port\"]",
                "KeyError: 'port'",
                "",
                "During handling of the above exception, another exception occurred:",
                "",
                "Traceback (most recent call last):",
                "  File \"/app/main.py\", line 3, in <module>",
                "    load()",
                "  File \"/app/cfg.py\", line 7, in load",
                "    raise ConfigError(\"port missing\")",
                "cfg.ConfigError: port missing",
                "",
                "next unrelated line");

        assertThat(out).hasSize(2);
        assertThat(out.get(0).lines()).hasSize(13);
        assertThat(out.get(0).message()).isEqualTo("cfg.ConfigError: port missing");
        assertThat(out.get(0).stackTrace().exceptionType()).isEqualTo("cfg.ConfigError");
        assertThat(out.get(1).message()).isEqualTo("next unrelated line");
    }

    @Test
    void pythonLoggerLineTakesTheTracebackThatFollowsIt() {
        List<LogEvent> out = assemble(
                "ERROR:root:payment failed",
                "Traceback (most recent call last):",
                "  File \"/app/pay.py\", line 9, in charge",
                "    raise TimeoutError(\"gateway\")",
                "TimeoutError: gateway");

        assertThat(out).singleElement().satisfies(event -> {
            assertThat(event.level()).isEqualTo(Level.ERROR);
            assertThat(event.message()).isEqualTo("payment failed");
            assertThat(event.stackTrace().exceptionType()).isEqualTo("TimeoutError");
        });
    }

    @Test
    void goPanicIsOneFatalEvent() {
        List<LogEvent> out = assemble(
                "panic: runtime error: invalid memory address or nil pointer dereference",
                "[signal SIGSEGV: segmentation violation code=0x1 addr=0x0 pc=0x4a3b2c]",
                "",
                "goroutine 1 [running]:",
                "main.(*Store).Get(0x0, {0x4c1f2a, 0x3})",
                "\t/app/store.go:27 +0x1c",
                "main.main()",
                "\t/app/main.go:14 +0x3d",
                "",
                "goroutine 18 [chan receive]:",
                "main.worker(0xc000016080)",
                "\t/app/worker.go:9 +0x25",
                "created by main.main in goroutine 1",
                "\t/app/main.go:11 +0x2b",
                "exit status 2",
                "listening on :8080");

        assertThat(out).hasSize(2);
        LogEvent panic = out.get(0);
        assertThat(panic.lines()).hasSize(15);
        assertThat(panic.level()).isEqualTo(Level.FATAL);
        assertThat(panic.stackTrace()).isEqualTo(new StackTrace("go", "panic",
                "runtime error: invalid memory address or nil pointer dereference",
                List.of("main.(*Store).Get", "main.main")));
    }

    @Test
    void goPanicsInDifferentGoroutinesAtTheSamePlaceMatch() {
        assemble("panic: boom", "", "goroutine 7 [running]:", "main.handle(0xc000123456)", "\t/app/h.go:5 +0x10");
        feed(LogStream.STDOUT, "panic: boom", "", "goroutine 31 [running]:", "main.handle(0xc000fedcba)", "\t/app/h.go:6 +0x12");
        assembler.flush();

        assertThat(events).hasSize(2);
        assertThat(events.get(0).stackTrace()).isEqualTo(events.get(1).stackTrace());
    }

    @Test
    void recoveredGoPanicStackJoinsTheLineThatReportsIt() {
        List<LogEvent> out = assemble(
                "2026/11/27 10:00:00 http: panic serving 172.18.0.1:51234: assignment to entry in nil map",
                "goroutine 35 [running]:",
                "net/http.(*conn).serve.func1()",
                "\t/usr/local/go/src/net/http/server.go:1868 +0xb9",
                "panic({0x6c5a20?, 0x7b3c10?})",
                "\t/usr/local/go/src/runtime/panic.go:920 +0x270",
                "main.handler({0x7bd6a8?, 0xc0001360e0?}, 0xc000134000?)",
                "\t/app/main.go:21 +0x45",
                "2026/11/27 10:00:01 served /health");

        assertThat(out).hasSize(2);
        assertThat(out.get(0).lines()).hasSize(8);
        assertThat(out.get(0).level()).isEqualTo(Level.ERROR);
        assertThat(out.get(0).stackTrace().topFrames()).containsExactly("net/http.(*conn).serve.func1", "main.handler");
    }

    @Test
    void uncaughtTracebackAfterARoutineLineIsItsOwnEvent() {
        List<LogEvent> out = assemble(
                "2026-11-27 10:00:00,123 INFO [billing] importing customer records",
                "Traceback (most recent call last):",
                "  File \"/app/app.py\", line 26, in load_customer",
                "KeyError: 'customer_id'");

        assertThat(out).hasSize(2);
        assertThat(out.get(1).level()).isEqualTo(Level.ERROR);
        assertThat(out.get(1).message()).isEqualTo("KeyError: 'customer_id'");
    }

    @Test
    void postgresDetailLineJoinsItsError() {
        List<LogEvent> out = assemble(
                "2026-11-27 10:00:00.123 UTC [57] ERROR:  duplicate key value violates unique constraint \"users_pkey\"",
                "2026-11-27 10:00:00.123 UTC [57] DETAIL:  Key (id)=(1) already exists.",
                "2026-11-27 10:00:00.123 UTC [57] STATEMENT:  INSERT INTO users (id, name)",
                "\tVALUES (1, 'x');",
                "2026-11-27 10:00:01.000 UTC [58] LOG:  checkpoint starting: time");

        assertThat(out).hasSize(2);
        assertThat(out.get(0).lines()).hasSize(4);
        assertThat(out.get(0).level()).isEqualTo(Level.ERROR);
        assertThat(out.get(0).message()).isEqualTo("duplicate key value violates unique constraint \"users_pkey\"");
        assertThat(out.get(1).level()).isEqualTo(Level.INFO);
    }

    @Test
    void postgresStatementSpanningUnprefixedLinesStaysWithItsError() {
        List<LogEvent> out = assemble(
                "2026-11-27 10:00:00.123 UTC [57] ERROR:  column \"nme\" does not exist at character 8",
                "2026-11-27 10:00:00.123 UTC [57] HINT:  Perhaps you meant to reference the column \"users.name\".",
                "2026-11-27 10:00:00.123 UTC [57] STATEMENT:  SELECT nme",
                "FROM users",
                "WHERE id = 1;",
                "2026-11-27 10:00:00.200 UTC [57] LOG:  disconnection: session time: 0:00:00.050");

        assertThat(out).hasSize(2);
        assertThat(out.get(0).lines()).hasSize(5);
    }

    @Test
    void postgresKeywordPastTheLinePrefixDoesNotMakeAPostgresMessage() {
        String prose = "2026-11-27 10:00:00.123 UTC [57] " + "x".repeat(170) + " ERROR:  quoted in prose";
        List<LogEvent> out = assemble(prose, "2026-11-27 10:00:00.124 UTC [57] DETAIL:  Key (id)=(1) already exists.");

        assertThat(out).hasSize(2);
    }

    @Test
    void postgresDetailJoinsAMessageWhoseFirstColonsAreNotItsKeyword() {
        List<LogEvent> out = assemble(
                "2026-11-27 10:00:00.123 UTC [57] ERROR:  duplicate key value violates unique constraint \"orders_pkey\"",
                "2026-11-27 10:00:00.124 UTC [57] DETAIL:  Key (id)=(1) already exists.");

        assertThat(out).singleElement().satisfies(event -> assertThat(event.lines()).hasSize(2));
    }

    @Test
    void postgresDetailOfAnotherBackendDoesNotJoin() {
        List<LogEvent> out = assemble(
                "2026-11-27 10:00:00.123 UTC [57] FATAL:  password authentication failed for user \"app\"",
                "2026-11-27 10:00:00.124 UTC [60] DETAIL:  Role \"ghost\" does not exist.");

        assertThat(out).hasSize(2);
    }

    @Test
    void indentedLinesContinueTheirEvent() {
        List<LogEvent> out = assemble(
                "fail: Microsoft.AspNetCore.Server.Kestrel[13]",
                "      Connection id \"0HN1\", Request id \"0HN1:00000001\": An unhandled exception was thrown.",
                "info: Microsoft.Hosting.Lifetime[0]",
                "      Application started.");

        assertThat(out).hasSize(2);
        assertThat(out.get(0).level()).isEqualTo(Level.ERROR);
        assertThat(out.get(0).lines()).hasSize(2);
        assertThat(out.get(1).level()).isEqualTo(Level.INFO);
    }

    @Test
    void javaUtilLoggingTwoLineRecordIsOneEventWithTheSecondLinesLevel() {
        List<LogEvent> out = assemble(
                "Nov 27, 2026 10:00:00 AM com.example.Server start",
                "SEVERE: could not bind port 8080",
                "java.net.BindException: Address already in use",
                "\tat java.base/sun.nio.ch.Net.bind0(Native Method)",
                "Nov 27, 2026 10:00:01 AM com.example.Server start",
                "INFO: retrying on port 8081");

        assertThat(out).hasSize(2);
        assertThat(out.get(0).level()).isEqualTo(Level.ERROR);
        assertThat(out.get(0).message()).isEqualTo("could not bind port 8080");
        assertThat(out.get(0).lines()).hasSize(4);
        assertThat(out.get(0).stackTrace().exceptionType()).isEqualTo("java.net.BindException");
        assertThat(out.get(1).level()).isEqualTo(Level.INFO);
    }

    @Test
    void nodeErrorStackIsOneEvent() {
        List<LogEvent> out = assemble(
                "Error: connect ECONNREFUSED 127.0.0.1:6379",
                "    at TCPConnectWrap.afterConnect [as oncomplete] (node:net:1555:16)",
                "    at Socket.emit (node:events:517:28)");

        assertThat(out).singleElement().satisfies(event -> {
            assertThat(event.level()).isEqualTo(Level.ERROR);
            assertThat(event.stackTrace()).isEqualTo(new StackTrace("javascript", "Error",
                    "connect ECONNREFUSED 127.0.0.1:6379",
                    List.of("TCPConnectWrap.afterConnect [as oncomplete] (node:net)", "Socket.emit (node:events)")));
        });
    }

    @Test
    void stackTraceInAJsonFieldIsRead() {
        List<LogEvent> out = assemble("{\"@timestamp\":\"2026-11-27T10:00:00Z\",\"level\":\"ERROR\",\"logger_name\":\"c.e.Job\","
                + "\"message\":\"job failed\",\"stack_trace\":\"java.lang.IllegalArgumentException: bad id\\n"
                + "\\tat com.example.Job.run(Job.java:12)\\n\\tat java.base/java.lang.Thread.run(Thread.java:840)\\n\"}");

        assertThat(out).singleElement().satisfies(event -> {
            assertThat(event.message()).isEqualTo("job failed");
            assertThat(event.stackTrace()).isEqualTo(new StackTrace("java", "java.lang.IllegalArgumentException",
                    "bad id", List.of("com.example.Job.run", "java.lang.Thread.run")));
        });
    }

    @Test
    void stackTraceInANestedJsonErrorFieldIsRead() {
        List<LogEvent> out = assemble("{\"level\":\"error\",\"msg\":\"job failed\",\"error\":{\"message\":\"bad id\","
                + "\"stack\":\"TypeError: bad id\\n    at run (/app/job.js:12:7)\"}}");

        assertThat(out).singleElement().satisfies(event -> {
            assertThat(event.message()).isEqualTo("job failed: bad id");
            assertThat(event.stackTrace()).isEqualTo(new StackTrace("javascript", "TypeError", "bad id",
                    List.of("run (/app/job.js)")));
        });
    }

    @Test
    void jsonLineWhoseTextOnlyMentionsAStackHasNoStackTrace() {
        List<LogEvent> out = assemble("{\"level\":\"warn\",\"msg\":\"stack depth 3, exception count 0, exc_info off\"}");

        assertThat(out).singleElement().satisfies(event -> {
            assertThat(event.level()).isEqualTo(Level.WARN);
            assertThat(event.stackTrace()).isNull();
        });
    }

    @Test
    void singleLineEventKeepsItsOneLineAndHasNoStackTrace() {
        List<LogEvent> out = assemble("    at com.example.Orphan.frame(Orphan.java:1)", "plain line");

        assertThat(out).hasSize(2);
        assertThat(out.get(0).lines()).containsExactly("    at com.example.Orphan.frame(Orphan.java:1)");
        assertThat(out.get(0).stackTrace()).isNull();
        assertThat(out.get(1).lines()).containsExactly("plain line");
    }

    @Test
    void stdoutAndStderrLinesAreNeverGluedTogether() {
        feed(LogStream.STDERR, "Exception in thread \"worker\" java.lang.OutOfMemoryError: Java heap space");
        feed(LogStream.STDOUT, "  indented stdout line");
        feed(LogStream.STDERR, "\tat com.example.Cache.put(Cache.java:88)");
        feed(LogStream.STDOUT, "2026-11-27 10:00:00 INFO served /health");
        feed(LogStream.STDERR, "\tat com.example.Loader.run(Loader.java:20)");
        assembler.flush();

        assertThat(events).hasSize(3);
        LogEvent trace = events.stream().filter(e -> e.stream() == LogStream.STDERR).findFirst().orElseThrow();
        assertThat(trace.lines()).hasSize(3);
        assertThat(trace.stackTrace().exceptionType()).isEqualTo("java.lang.OutOfMemoryError");
        assertThat(events.stream().filter(e -> e.stream() == LogStream.STDOUT)).hasSize(2);
    }

    @Test
    void pauseLongerThanTheGapEndsTheEvent() {
        assembler.accept(new LogLine(T0, LogStream.STDOUT, "2026-11-27 10:00:00 ERROR request failed"));
        assembler.accept(new LogLine(T0.plusSeconds(30), LogStream.STDOUT, "    unrelated indented line"));
        assembler.flush();

        assertThat(events).hasSize(2);
    }

    @Test
    void idleEventIsEmittedWithoutWaitingForAnotherLine() {
        assembler.accept(new LogLine(T0, LogStream.STDOUT, "2026-11-27 10:00:00 ERROR request failed"));

        assembler.flushIdle(T0.plusMillis(500));
        assertThat(events).isEmpty();
        assembler.flushIdle(T0.plus(EventAssembler.DEFAULT_MAX_GAP).plusMillis(1));
        assertThat(events).singleElement().extracting(LogEvent::message).isEqualTo("request failed");
    }

    @Test
    void customGapIsHonoured() {
        EventAssembler patient = new EventAssembler(events::add, Duration.ofMinutes(1));
        patient.accept(new LogLine(T0, LogStream.STDOUT, "ERROR request failed"));
        patient.accept(new LogLine(T0.plusSeconds(30), LogStream.STDOUT, "    detail"));
        patient.flush();

        assertThat(events).singleElement().extracting(e -> e.lines().size()).isEqualTo(2);
    }

    @Test
    void blankLinesAreNotEvents() {
        List<LogEvent> out = assemble("", "   ", "hello", "", "\r", "world");

        assertThat(out).extracting(LogEvent::message).containsExactly("hello", "world");
    }

    @Test
    void flushEmitsOpenEventsInTheOrderTheyStarted() {
        feed(LogStream.STDERR, "first on stderr");
        feed(LogStream.STDOUT, "then on stdout");
        assembler.flush();

        assertThat(events).extracting(LogEvent::message).containsExactly("first on stderr", "then on stdout");
    }

    @Test
    void currentRustPanicTakesItsMessageFromTheLineAfterThePlace() {
        List<LogEvent> out = assemble(
                "thread 'main' (1) panicked at src/main.rs:32:21:",
                "called `Option::unwrap()` on a `None` value",
                "note: run with `RUST_BACKTRACE=1` environment variable to display a backtrace",
                "[2026-12-02T21:07:18Z INFO  inventory] restarting");

        assertThat(out).hasSize(2);
        assertThat(out.get(0).lines()).hasSize(3);
        assertThat(out.get(0).level()).isEqualTo(Level.FATAL);
        assertThat(out.get(0).message()).isEqualTo(
                "thread 'main' (1) panicked at src/main.rs:32:21: called `Option::unwrap()` on a `None` value");
        assertThat(out.get(0).stackTrace()).isEqualTo(new StackTrace("rust", "panic",
                "called `Option::unwrap()` on a `None` value", List.of("src/main.rs:32")));
    }

    @Test
    void rustBacktraceFramesNameTheApplicationNotThePanicMachinery() {
        List<LogEvent> out = assemble(
                "thread 'main' panicked at 'index out of bounds: the len is 3 but the index is 5', src/main.rs:71:28",
                "stack backtrace:",
                "   0: rust_begin_unwind",
                "             at ./usr/src/rustc-1.63.0/library/std/src/panicking.rs:584:5",
                "   1: core::panicking::panic_bounds_check",
                "   2: main::assign_bins",
                "             at ./build/src/main.rs:71:28",
                "   3: main::main",
                "note: Some details are omitted, run with `RUST_BACKTRACE=full` for a verbose backtrace.");

        assertThat(out).singleElement().satisfies(event -> assertThat(event.stackTrace().topFrames())
                .containsExactly("main::assign_bins", "main::main"));
    }

    @Test
    void rubyExceptionAndItsCauseAreOneEventNamedAfterTheRootCause() {
        List<LogEvent> out = assemble(
                "/app/app.rb:28:in `rescue in load': cannot start: ledger configuration unreadable (RuntimeError)",
                "\tfrom /app/app.rb:25:in `load'",
                "/app/app.rb:26:in `read': No such file or directory @ rb_sysopen - /etc/ledger.yml (Errno::ENOENT)",
                "\tfrom /app/app.rb:26:in `load'");

        assertThat(out).singleElement().satisfies(event -> {
            assertThat(event.level()).isEqualTo(Level.ERROR);
            assertThat(event.stackTrace()).isEqualTo(new StackTrace("ruby", "Errno::ENOENT",
                    "No such file or directory @ rb_sysopen - /etc/ledger.yml", List.of("read (/app/app.rb)", "load (/app/app.rb)")));
        });
    }

    @Test
    void cLibraryAbortAndTheShellsSignalReportAreOneEvent() {
        List<LogEvent> out = assemble(
                "free(): invalid pointer",
                "/entrypoint.sh: line 5:     6 Aborted                 \"/usr/local/bin/resizer\" \"$@\"",
                "/entrypoint.sh: line 9:     7 Segmentation fault      /usr/local/bin/resizer");

        assertThat(out).extracting(LogEvent::message).containsExactly("free(): invalid pointer",
                "/entrypoint.sh: line 9:     7 Segmentation fault      /usr/local/bin/resizer");
        assertThat(out.get(0).lines()).hasSize(2);
    }

    @Test
    void sanitizerReportWithBlankLinesIsOneEventEndingAtAborting() {
        List<LogEvent> out = assemble(
                "=================================================================",
                "==7==ERROR: AddressSanitizer: heap-use-after-free on address 0x602000000010 at pc 0x1 bp 0x2 sp 0x3",
                "READ of size 4 at 0x602000000010 thread T0",
                "    #0 0x55d5 in lookup /src/cache.c:30",
                "    #1 0x55d6 in main /src/cache.c:81",
                "",
                "SUMMARY: AddressSanitizer: heap-use-after-free /src/cache.c:30 in lookup",
                "==7==ABORTING",
                "resizer restarted");

        assertThat(out).hasSize(2);
        assertThat(out.get(0).lines()).hasSize(8);
        assertThat(out.get(0).message()).startsWith("==7==ERROR: AddressSanitizer: heap-use-after-free");
        assertThat(out.get(0).stackTrace()).isEqualTo(new StackTrace("native", "AddressSanitizer: heap-use-after-free",
                "heap-use-after-free on address 0x602000000010 at pc 0x1 bp 0x2 sp 0x3",
                List.of("lookup (/src/cache.c)", "main (/src/cache.c)")));
    }

    @Test
    void aLineOfEqualsSignsWithoutASanitizerReportStaysAlone() {
        List<LogEvent> out = assemble("==========================", "Summary of the run", "  3 jobs");

        assertThat(out).extracting(LogEvent::message).containsExactly("==========================", "Summary of the run");
    }

    @Test
    void otpReportRunsToTheBlankLineAndIsNamedByItsFirstLines() {
        List<LogEvent> out = assemble(
                "=ERROR REPORT==== 2-Dec-2026::21:07:23.298625 ===",
                "Error in process <0.80.0> with exit value:",
                "{badarith,",
                "    [{erlang,'*',[1,undefined],[{error_info,#{module => erl_erts_errors}}]},",
                "     {settle_escript__escript__1796__245642__474097__2,fee,2,[{file,\"/app/settle.escript\"},{line,40}]}]}",
                "",
                "2026-12-02T21:07:23+00:00 INFO settlement job idle; errors=0");

        assertThat(out).hasSize(2);
        LogEvent report = out.get(0);
        assertThat(report.level()).isEqualTo(Level.ERROR);
        assertThat(report.message()).isEqualTo("Error in process <0.80.0> with exit value: {badarith,");
        assertThat(report.stackTrace()).isEqualTo(
                new StackTrace("erlang", "badarith", "", List.of("erlang:'*'", "settle_escript:fee")));
    }

    @Test
    void elixirExceptionJoinsAnErrorLoggerLineButNotAnInfoLine() {
        List<LogEvent> out = assemble(
                "21:07:25.795 [error] Task #PID<0.103.0> started from #PID<0.96.0> terminating",
                "** (ArithmeticError) bad argument in arithmetic expression",
                "    app/settle.exs:8: Settle.fee/2",
                "Function: #Function<2.128623948 in file:app/settle.exs>",
                "    Args: []",
                "21:07:26.250 [info] closing the day",
                "** (FunctionClauseError) no function clause matching in Settle.close_day/1",
                "    ",
                "    app/settle.exs:10: Settle.close_day/1");

        assertThat(out).extracting(e -> e.lines().size()).containsExactly(5, 1, 3);
        assertThat(out.get(0).stackTrace().exceptionType()).isEqualTo("ArithmeticError");
        assertThat(out.get(2).stackTrace().topFrames()).containsExactly("Settle.close_day/1 (app/settle.exs)");
    }

    @Test
    void problemsOnlyAssemblerEmitsTheSameProblemEventsAndNoRoutineOnes() {
        String[] log = {
            "2026-11-27 10:00:00.123  INFO 1 --- [main] c.e.shop.App : started with settings",
            "    db.url=jdbc:postgresql://db:5432/shop", // continues the INFO event: never an event of its own
            "Nov 27, 2026 10:00:00 AM com.example.Server start", // no level until its second line says SEVERE
            "SEVERE: could not bind port 8080",
            "java.net.BindException: Address already in use",
            "\tat java.base/sun.nio.ch.Net.bind0(Native Method)",
            "2026-11-27 10:00:01.000 DEBUG 1 --- [main] c.e.shop.App : pool warmed",
            "java.lang.IllegalStateException: handled and logged at DEBUG",
            "\tat com.example.shop.Pool.warm(Pool.java:12)",
            "retrying with a smaller pool", // no level, after a routine event: a problem candidate of its own
            "2026-11-27 10:00:02.000 ERROR 1 --- [main] c.e.shop.App : pool exhausted"};
        List<LogEvent> all = assemble(log);
        List<LogEvent> problems = new ArrayList<>();
        EventAssembler problemsOnly = EventAssembler.problemsOnly(problems::add);
        Instant at = T0;
        for (String line : log) {
            at = at.plusMillis(1);
            problemsOnly.accept(new LogLine(at, LogStream.STDOUT, line));
        }
        problemsOnly.flush();

        assertThat(all).extracting(LogEvent::level)
                .containsExactly(Level.INFO, Level.ERROR, Level.DEBUG, Level.UNKNOWN, Level.ERROR);
        assertThat(problems).containsExactlyElementsOf(all.stream().filter(e -> !e.level().isRoutine()).toList());
    }
}
