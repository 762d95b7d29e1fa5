package io.dockmedic.core.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class LevelDetectorTest {

    private final LevelDetector detector = new LevelDetector();

    static Stream<Arguments> formats() {
        return Stream.of(
                // format, line, level, message
                arguments("ruby logger",
                        "E, [2026-12-02T21:07:15.750506 #1] ERROR -- ledger: transfer 5001 rejected: account frozen",
                        Level.ERROR, "transfer 5001 rejected: account frozen"),
                arguments("ruby logger without progname",
                        "W, [2026-12-02T21:07:15.750506 #1]  WARN -- : disk almost full",
                        Level.WARN, "disk almost full"),
                arguments("erlang/otp error report",
                        "=ERROR REPORT==== 2-Dec-2026::21:07:23.298625 ===",
                        Level.ERROR, "ERROR REPORT==== 2-Dec-2026::21:07:23.298625 ==="),
                arguments("erlang/otp info report",
                        "=INFO REPORT==== 2-Dec-2026::21:07:23.298625 ===",
                        Level.INFO, "INFO REPORT==== 2-Dec-2026::21:07:23.298625 ==="),
                arguments("iso timestamp then level",
                        "2024-01-01T10:00:00.123Z ERROR failed to open /data/db",
                        Level.ERROR, "failed to open /data/db"),
                arguments("bracketed level",
                        "[ERROR] Failed to execute goal on project app",
                        Level.ERROR, "Failed to execute goal on project app"),
                arguments("lower-case bracketed level",
                        "[error] something broke",
                        Level.ERROR, "something broke"),
                arguments("spring boot 2",
                        "2024-01-01 10:00:00.123 ERROR 1 --- [           main] c.e.demo.OrderService                    : Order 42 failed",
                        Level.ERROR, "Order 42 failed"),
                arguments("spring boot 3",
                        "2024-01-01T10:00:00.123Z  WARN 1 --- [demo] [nio-8080-exec-1] o.s.web.servlet.PageNotFound             : No mapping for GET /x",
                        Level.WARN, "No mapping for GET /x"),
                arguments("logback default",
                        "10:00:00.123 [main] INFO  com.example.App - Started App in 2.3 seconds",
                        Level.INFO, "Started App in 2.3 seconds"),
                arguments("log4j with thread after level",
                        "2024-01-01 10:00:00,123 ERROR [pool-1-thread-3] com.example.Worker: job 17 crashed",
                        Level.ERROR, "job 17 crashed"),
                arguments("python basicConfig",
                        "ERROR:root:Database unreachable",
                        Level.ERROR, "Database unreachable"),
                arguments("python dotted logger",
                        "WARNING:urllib3.connectionpool:Retrying (Retry(total=2)) after connection broken",
                        Level.WARN, "Retrying (Retry(total=2)) after connection broken"),
                arguments("python dash format",
                        "2024-01-01 10:00:00,123 - app.db - ERROR - connection refused",
                        Level.ERROR, "connection refused"),
                arguments("uvicorn",
                        "INFO:     Started server process [1]",
                        Level.INFO, "Started server process [1]"),
                arguments("flask",
                        "[2024-01-01 10:00:00,123] ERROR in app: Exception on /orders [POST]",
                        Level.ERROR, "Exception on /orders [POST]"),
                arguments("gunicorn",
                        "[2024-01-01 10:00:00 +0000] [7] [CRITICAL] WORKER TIMEOUT (pid:8)",
                        Level.FATAL, "WORKER TIMEOUT (pid:8)"),
                arguments("celery",
                        "[2024-01-01 10:00:00,123: ERROR/MainProcess] consumer: Cannot connect to amqp://guest@rabbit:5672//",
                        Level.ERROR, "consumer: Cannot connect to amqp://guest@rabbit:5672//"),
                arguments("logfmt",
                        "time=\"2024-01-01T10:00:00Z\" level=error msg=\"failed to pull image\" error=\"not found\"",
                        Level.ERROR, "failed to pull image: not found"),
                arguments("logfmt quoted and escaped values",
                        "path=\"/a \\\" b\" level=\"warn\" msg=\"said \\\"no\\\"\" err=timeout id=7",
                        Level.WARN, "said \"no\": timeout"),
                arguments("logfmt level first",
                        "level=warn ts=2024-01-01T10:00:00Z caller=main.go:42 msg=\"slow query\" duration=2.1s",
                        Level.WARN, "slow query"),
                arguments("zap json",
                        "{\"level\":\"error\",\"ts\":1700000000.123,\"caller\":\"server/main.go:42\",\"msg\":\"listen failed\",\"error\":\"address already in use\"}",
                        Level.ERROR, "listen failed: address already in use"),
                arguments("zerolog json",
                        "{\"level\":\"warn\",\"time\":\"2024-01-01T10:00:00Z\",\"message\":\"cache miss storm\"}",
                        Level.WARN, "cache miss storm"),
                arguments("gcp severity",
                        "{\"severity\":\"ERROR\",\"message\":\"upstream timeout\"}",
                        Level.ERROR, "upstream timeout"),
                arguments("lvl key",
                        "{\"lvl\":\"info\",\"msg\":\"ready\"}",
                        Level.INFO, "ready"),
                arguments("bunyan error",
                        "{\"name\":\"api\",\"hostname\":\"c1\",\"pid\":1,\"level\":50,\"msg\":\"request failed\",\"time\":\"2024-01-01T10:00:00.000Z\",\"v\":0}",
                        Level.ERROR, "request failed"),
                arguments("numeric level in quotes",
                        "{\"level\":\"40\",\"msg\":\"disk almost full\"}",
                        Level.WARN, "disk almost full"),
                arguments("escaped level word",
                        "{\"level\":\"e\\u0072ror\",\"msg\":\"listen failed\"}",
                        Level.ERROR, "listen failed"),
                arguments("pino fatal",
                        "{\"level\":60,\"time\":1700000000000,\"pid\":1,\"msg\":\"out of memory\"}",
                        Level.FATAL, "out of memory"),
                arguments("pino info",
                        "{\"level\":30,\"msg\":\"errors=0 failed=0\"}",
                        Level.INFO, "errors=0 failed=0"),
                arguments("ecs log.level",
                        "{\"@timestamp\":\"2024-01-01T10:00:00Z\",\"log.level\":\"warn\",\"message\":\"disk 91% full\"}",
                        Level.WARN, "disk 91% full"),
                arguments("logstash with nested error",
                        "{\"level\":\"ERROR\",\"message\":\"call failed\",\"error\":{\"message\":\"Connection refused\"}}",
                        Level.ERROR, "call failed: Connection refused"),
                arguments("mongodb",
                        "{\"t\":{\"$date\":\"2024-01-01T10:00:00.000+00:00\"},\"s\":\"E\",\"c\":\"NETWORK\",\"id\":1,\"ctx\":\"conn1\",\"msg\":\"Error receiving request from client\"}",
                        Level.ERROR, "Error receiving request from client"),
                arguments("klog error",
                        "E1127 10:00:00.000000       1 reflector.go:138] Failed to watch *v1.Pod: unauthorized",
                        Level.ERROR, "Failed to watch *v1.Pod: unauthorized"),
                arguments("klog info",
                        "I1127 10:00:00.000000       1 leaderelection.go:248] attempting to acquire leader lease",
                        Level.INFO, "attempting to acquire leader lease"),
                arguments("klog warning",
                        "W1127 10:00:00.123456   12345 warnings.go:70] v1 ComponentStatus is deprecated",
                        Level.WARN, "v1 ComponentStatus is deprecated"),
                arguments("postgres log",
                        "2024-01-01 10:00:00.123 UTC [1] LOG:  database system is ready to accept connections",
                        Level.INFO, "database system is ready to accept connections"),
                arguments("postgres fatal",
                        "2024-01-01 10:00:00.123 UTC [57] FATAL:  password authentication failed for user \"app\"",
                        Level.FATAL, "password authentication failed for user \"app\""),
                arguments("postgres error with user and database",
                        "2024-01-01 10:00:00.123 UTC [57] app@orders ERROR:  relation \"users\" does not exist at character 15",
                        Level.ERROR, "relation \"users\" does not exist at character 15"),
                arguments("postgres warning",
                        "2024-01-01 10:00:00.123 CET [57] WARNING:  there is no transaction in progress",
                        Level.WARN, "there is no transaction in progress"),
                arguments("postgres panic",
                        "2024-01-01 10:00:00.123 UTC [57] PANIC:  could not write to file \"pg_wal/xlogtemp.57\"",
                        Level.FATAL, "could not write to file \"pg_wal/xlogtemp.57\""),
                arguments("postgres detail is a continuation, not a level",
                        "2024-01-01 10:00:00.123 UTC [57] DETAIL:  Key (id)=(1) already exists.",
                        Level.UNKNOWN, "DETAIL:  Key (id)=(1) already exists."),
                arguments("nginx error",
                        "2024/01/01 10:00:00 [error] 29#29: *1 connect() failed (111: Connection refused) while connecting to upstream",
                        Level.ERROR, "connect() failed (111: Connection refused) while connecting to upstream"),
                arguments("nginx notice",
                        "2024/01/01 10:00:00 [notice] 1#1: using the \"epoll\" event method",
                        Level.NOTICE, "using the \"epoll\" event method"),
                arguments("nginx emerg",
                        "2024/01/01 10:00:00 [emerg] 1#1: host not found in upstream \"api\" in /etc/nginx/conf.d/default.conf:3",
                        Level.FATAL, "host not found in upstream \"api\" in /etc/nginx/conf.d/default.conf:3"),
                arguments("nginx crit",
                        "2024/01/01 10:00:00 [crit] 7#7: *3 open() \"/var/run/x\" failed (13: Permission denied)",
                        Level.FATAL, "open() \"/var/run/x\" failed (13: Permission denied)"),
                arguments("nginx access 200 is routine",
                        "172.17.0.1 - - [27/Nov/2026:10:00:00 +0000] \"GET /health HTTP/1.1\" 200 2 \"-\" \"curl/8.0\"",
                        Level.INFO, "\"GET /health HTTP/1.1\" 200 2 \"-\" \"curl/8.0\""),
                arguments("nginx access 502 is left to the rules",
                        "172.17.0.1 - - [27/Nov/2026:10:00:00 +0000] \"GET /api HTTP/1.1\" 502 157 \"-\" \"curl/8.0\"",
                        Level.UNKNOWN, "\"GET /api HTTP/1.1\" 502 157 \"-\" \"curl/8.0\""),
                arguments("redis warning",
                        "1:M 27 Nov 2026 10:00:00.123 # WARNING Memory overcommit must be enabled!",
                        Level.WARN, "WARNING Memory overcommit must be enabled!"),
                arguments("redis notice",
                        "1:M 27 Nov 2026 10:00:00.123 * Ready to accept connections tcp",
                        Level.NOTICE, "Ready to accept connections tcp"),
                arguments("redis verbose",
                        "1:S 27 Nov 2026 10:00:00.123 - Accepted 172.17.0.1:5000",
                        Level.DEBUG, "Accepted 172.17.0.1:5000"),
                arguments("redis child",
                        "7:C 27 Nov 2026 10:00:00.123 . fork done",
                        Level.DEBUG, "fork done"),
                arguments("syslog priority err",
                        "<3>disk failure on /dev/sda",
                        Level.ERROR, "disk failure on /dev/sda"),
                arguments("syslog rfc3164",
                        "<34>Oct 11 22:14:15 mymachine su[230]: 'su root' failed for lonvick on /dev/pts/8",
                        Level.FATAL, "'su root' failed for lonvick on /dev/pts/8"),
                arguments("syslog rfc5424",
                        "<165>1 2003-10-11T22:14:15.003Z host app 1234 ID47 [exampleSDID@32473 iut=\"3\"] application event",
                        Level.NOTICE, "application event"),
                arguments("syslog without priority",
                        "Nov 27 10:00:00 web1 sshd[812]: error: maximum authentication attempts exceeded",
                        Level.ERROR, "maximum authentication attempts exceeded"),
                arguments("go log",
                        "2024/01/01 10:00:00 listening on :8080",
                        Level.UNKNOWN, "listening on :8080"),
                arguments("go log with caller",
                        "2024/01/01 10:00:00 main.go:42: dial tcp 10.0.0.5:5432: connect: connection refused",
                        Level.UNKNOWN, "dial tcp 10.0.0.5:5432: connect: connection refused"),
                arguments("zap console",
                        "2024-01-01T10:00:00.000Z\terror\tserver/main.go:42\tlisten failed",
                        Level.ERROR, "listen failed"),
                arguments("rust tracing",
                        "2024-01-01T10:00:00.123456Z ERROR hyper::server::conn: connection error: broken pipe",
                        Level.ERROR, "connection error: broken pipe"),
                arguments("rust tracing with colours",
                        "\u001b[2m2024-01-01T10:00:00.123456Z\u001b[0m \u001b[31mERROR\u001b[0m \u001b[2mapp::db\u001b[0m\u001b[2m:\u001b[0m pool exhausted",
                        Level.ERROR, "pool exhausted"),
                arguments("mysql",
                        "2024-01-01T10:00:00.123456Z 0 [Warning] [MY-010068] [Server] CA certificate ca.pem is self signed.",
                        Level.WARN, "CA certificate ca.pem is self signed."),
                arguments("elasticsearch",
                        "[2024-01-01T10:00:00,123][WARN ][o.e.c.r.a.DiskThresholdMonitor] [node-1] high disk watermark exceeded",
                        Level.WARN, "high disk watermark exceeded"),
                arguments("kafka",
                        "[2024-01-01 10:00:00,123] ERROR [Controller id=1] Error processing event (kafka.controller.KafkaController)",
                        Level.ERROR, "Error processing event (kafka.controller.KafkaController)"),
                arguments("rabbitmq",
                        "2024-01-01 10:00:00.123456+00:00 [error] <0.230.0> Error on AMQP connection",
                        Level.ERROR, "Error on AMQP connection"),
                arguments("serilog console",
                        "[10:00:00 ERR] Unhandled exception in request pipeline",
                        Level.ERROR, "Unhandled exception in request pipeline"),
                arguments("java.util.logging second line",
                        "SEVERE: Servlet.service() threw exception",
                        Level.ERROR, "Servlet.service() threw exception"),
                arguments("winston",
                        "error: connect ECONNREFUSED 127.0.0.1:6379",
                        Level.ERROR, "connect ECONNREFUSED 127.0.0.1:6379"),
                arguments("tomcat",
                        "27-Nov-2026 10:00:00.123 SEVERE [main] org.apache.catalina.core.StandardContext.startInternal One or more listeners failed to start.",
                        Level.ERROR, "org.apache.catalina.core.StandardContext.startInternal One or more listeners failed to start."),
                arguments("apache httpd error log",
                        "[Fri Nov 27 10:00:00.123456 2026] [proxy:error] [pid 12:tid 140] (111)Connection refused: AH00957: http: attempt to connect to 127.0.0.1:8080 failed",
                        Level.ERROR, "(111)Connection refused: AH00957: http: attempt to connect to 127.0.0.1:8080 failed"),
                arguments("apache httpd notice",
                        "[Fri Nov 27 10:00:00.123456 2026] [mpm_event:notice] [pid 1:tid 140] AH00489: Apache/2.4.62 configured -- resuming normal operations",
                        Level.NOTICE, "AH00489: Apache/2.4.62 configured -- resuming normal operations"),
                arguments("zookeeper",
                        "2026-11-27 10:00:00,123 [myid:1] - WARN  [main:QuorumPeer@1234] - Cannot open channel to 2 at election address /10.0.0.2:3888",
                        Level.WARN, "Cannot open channel to 2 at election address /10.0.0.2:3888"),
                arguments("quarkus and keycloak",
                        "2026-11-27 10:00:00,123 ERROR [org.keycloak.services] (executor-thread-1) KC-SERVICES0010: Failed to add user",
                        Level.ERROR, "KC-SERVICES0010: Failed to add user"),
                arguments("hashicorp hclog",
                        "2026-11-27T10:00:00.123Z [ERROR] core: failed to unseal: error=\"timeout\"",
                        Level.ERROR, "core: failed to unseal: error=\"timeout\""),
                arguments("coredns",
                        "[INFO] plugin/reload: Running configuration SHA512 = 591cf328cccc12bc490481273e738df59329c62c0b729d94e8b61db9961c2fa5",
                        Level.INFO, "Running configuration SHA512 = 591cf328cccc12bc490481273e738df59329c62c0b729d94e8b61db9961c2fa5"),
                arguments("mariadb",
                        "2026-11-27 10:00:00 0 [Warning] Aborted connection 12 to db: 'app' user: 'app' host: '10.0.0.3'",
                        Level.WARN, "Aborted connection 12 to db: 'app' user: 'app' host: '10.0.0.3'"),
                arguments("plain prose starting with a level-like word",
                        "Error rate is 0.0% over the last hour",
                        Level.UNKNOWN, "Error rate is 0.0% over the last hour"),
                arguments("no level at all",
                        "Starting application on port 8080",
                        Level.UNKNOWN, "Starting application on port 8080"),
                arguments("docker logs timestamp before the app's own header",
                        "2026-11-27T10:00:00.123456789Z 2024-01-01 10:00:00.123 UTC [1] LOG:  checkpoint starting: time",
                        Level.INFO, "checkpoint starting: time"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("formats")
    void readsLevelWhereTheFormatPutsItAndStripsTheHeader(String format, String line, Level level, String message) {
        ParsedLine parsed = detector.parse(line);

        assertThat(parsed.level()).as("level").isEqualTo(level);
        assertThat(parsed.message()).as("message").isEqualTo(message);
    }

    @Test
    void infoLineMentioningErrorsIsRoutine() {
        ParsedLine parsed = detector.parse("2024-01-01 10:00:00.123 INFO 1 --- [main] c.e.Sync : sync done, errors=0 failed=0");

        assertThat(parsed.level()).isEqualTo(Level.INFO);
        assertThat(parsed.message()).isEqualTo("sync done, errors=0 failed=0");
    }

    @Test
    void levelWordInsideTheMessageIsNotALevel() {
        assertThat(detector.parse("2024-01-01 10:00:00 Auth database shutdown completed, ERROR count 0").level())
                .isEqualTo(Level.UNKNOWN);
        assertThat(detector.parse("processed 10 records, errors=0, failed=0").level()).isEqualTo(Level.UNKNOWN);
        assertThat(detector.parse("job finished: warnings=3 errors=0").level()).isEqualTo(Level.UNKNOWN);
    }

    @Test
    void threadNamedAfterALevelIsNotALevel() {
        ParsedLine parsed = detector.parse("10:00:00.123 [error-reporter-1] INFO  c.e.Reporter - report sent");

        assertThat(parsed.level()).isEqualTo(Level.INFO);
        assertThat(parsed.message()).isEqualTo("report sent");
    }

    @Test
    void levelWordsMapOntoTheSevenLevels() {
        assertThat(levelOf("TRACE")).isEqualTo(Level.TRACE);
        assertThat(levelOf("DEBUG")).isEqualTo(Level.DEBUG);
        assertThat(levelOf("INFO")).isEqualTo(Level.INFO);
        assertThat(levelOf("INFORMATION")).isEqualTo(Level.INFO);
        assertThat(levelOf("NOTICE")).isEqualTo(Level.NOTICE);
        assertThat(levelOf("WARN")).isEqualTo(Level.WARN);
        assertThat(levelOf("WARNING")).isEqualTo(Level.WARN);
        assertThat(levelOf("ERROR")).isEqualTo(Level.ERROR);
        assertThat(levelOf("ERR")).isEqualTo(Level.ERROR);
        assertThat(levelOf("SEVERE")).isEqualTo(Level.ERROR);
        for (String fatal : new String[] {"FATAL", "CRITICAL", "CRIT", "ALERT", "EMERG", "PANIC"}) {
            assertThat(levelOf(fatal)).as(fatal).isEqualTo(Level.FATAL);
        }
    }

    private Level levelOf(String word) {
        return detector.parse("2024-01-01 10:00:00 " + word + " something happened").level();
    }

    @Test
    void emptyAndBlankLinesHaveNoLevelAndNoMessage() {
        assertThat(detector.parse("")).isEqualTo(new ParsedLine(Level.UNKNOWN, ""));
        assertThat(detector.parse("   \t ")).isEqualTo(new ParsedLine(Level.UNKNOWN, ""));
        assertThat(detector.parse(null)).isEqualTo(new ParsedLine(Level.UNKNOWN, ""));
    }
}
