package io.dockmedic.core.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class RuleCatalogTest {

    private final RuleCatalog catalog = RuleCatalog.builtIn();

    /** Header-free messages as real software writes them, and the rule that must explain each. */
    static Stream<Arguments> examples() {
        return Stream.of(
                ex("auth.database-login-failed", "password authentication failed for user \"app\""),
                ex("auth.database-login-failed", "Access denied for user 'root'@'172.18.0.3' (using password: YES)"),
                ex("auth.database-login-failed", "NOAUTH Authentication required."),
                ex("auth.database-login-failed", "WRONGPASS invalid username-password pair or user is disabled."),
                ex("auth.database-login-failed", "no pg_hba.conf entry for host \"172.18.0.4\", user \"app\", database \"shop\""),
                ex("db.role-missing", "role \"admin\" does not exist"),
                ex("db.database-missing", "database \"orders\" does not exist"),
                ex("db.database-missing", "Unknown database 'orders'"),
                ex("db.relation-missing", "relation \"customers\" does not exist at character 15"),
                ex("db.relation-missing", "column \"emial\" does not exist"),
                ex("db.relation-missing", "Table 'shop.orders' doesn't exist"),
                ex("db.relation-missing", "(sqlite3.OperationalError) no such table: users"),
                ex("db.deadlock", "deadlock detected"),
                ex("db.deadlock", "Deadlock found when trying to get lock; try restarting transaction"),
                ex("db.too-many-connections", "sorry, too many clients already"),
                ex("db.too-many-connections", "remaining connection slots are reserved for non-replication superuser connections"),
                ex("db.too-many-connections", "Too many connections"),
                ex("db.too-many-connections", "ERR max number of clients reached"),
                ex("db.pool-exhausted", "HikariPool-1 - Connection is not available, request timed out after 30000ms."),
                ex("db.connection-refused", "could not connect to server: Connection refused"),
                ex("db.connection-refused", "connection to server at \"db\" (172.18.0.2), port 5432 failed: Connection refused"),
                ex("db.connection-refused", "dial tcp 172.18.0.3:5432: connect: connection refused"),
                ex("db.connection-refused", "Error: connect ECONNREFUSED 127.0.0.1:6379"),
                ex("db.connection-refused", "Can't connect to MySQL server on 'mysql' (111)"),
                ex("db.connection-refused", "psycopg2.OperationalError: could not connect to server: No such file or directory"),
                ex("db.connection-lost", "server closed the connection unexpectedly"),
                ex("db.connection-lost", "MySQL server has gone away"),
                ex("db.starting-or-stopping", "the database system is starting up"),
                ex("db.starting-or-stopping", "terminating connection due to administrator command"),
                ex("db.lock-timeout", "Lock wait timeout exceeded; try restarting transaction"),
                ex("db.serialization-failure", "could not serialize access due to concurrent update"),
                ex("db.duplicate-key", "duplicate key value violates unique constraint \"users_email_key\""),
                ex("db.duplicate-key", "Duplicate entry 'bob@example.org' for key 'users.email'"),
                ex("db.constraint-violation", "insert or update on table \"orders\" violates foreign key constraint \"orders_user_fk\""),
                ex("db.sql-syntax", "syntax error at or near \"FORM\" at character 10"),
                ex("tls.certificate-expired", "x509: certificate has expired or is not yet valid: current time 2025-01-01T00:00:00Z is after 2024-12-01T00:00:00Z"),
                ex("tls.certificate-expired", "SSL certificate problem: certificate has expired"),
                ex("tls.verification-failed", "[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: unable to get local issuer certificate (_ssl.c:1006)"),
                ex("tls.verification-failed", "x509: certificate signed by unknown authority"),
                ex("tls.verification-failed", "http: TLS handshake error from 10.0.0.7:53122: remote error: tls: unknown certificate"),
                ex("tls.verification-failed", "PKIX path building failed: unable to find valid certification path to requested target"),
                ex("tls.handshake-failed", "SSL_do_handshake() failed (SSL: error:0A000102:SSL routines::unsupported protocol) while SSL handshaking"),
                ex("tls.handshake-failed", "http: TLS handshake error from 10.0.0.7:53122: tls: first record does not look like a TLS handshake"),
                ex("auth.invalid-credentials", "Login failed for user bob: invalid password"),
                ex("auth.invalid-credentials", "Authentication failed: bad credentials"),
                ex("auth.token-expired", "JWT expired at 2024-05-01T10:00:00Z. Current time: 2024-05-01T11:00:00Z"),
                ex("auth.token-expired", "token is expired"),
                ex("auth.token-invalid", "invalid token: signature verification failed"),
                ex("auth.token-invalid", "Invalid API key provided"),
                ex("auth.http-unauthorized", "request to http://billing:8080/charge failed: 401 Unauthorized"),
                ex("auth.http-unauthorized", "upstream answered status=403"),
                ex("mem.java-out-of-memory", "Exception in thread \"main\" java.lang.OutOfMemoryError: Java heap space"),
                ex("mem.oom-killer", "Out of memory: Killed process 4242 (java) total-vm:4096kB"),
                ex("mem.redis-maxmemory", "OOM command not allowed when used memory > 'maxmemory'."),
                ex("mem.exhausted", "MemoryError"),
                ex("mem.exhausted", "Can't save in background: fork: Cannot allocate memory"),
                ex("mem.exhausted", "fatal error: runtime: out of memory"),
                ex("mem.exhausted", "FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory"),
                ex("disk.quota-exceeded", "write /data/out.bin: disk quota exceeded"),
                ex("disk.full", "could not extend file \"base/16384/16385\": No space left on device"),
                ex("disk.full", "write error: ENOSPC"),
                ex("disk.read-only", "open /var/lib/app/state.db: read-only file system"),
                ex("disk.redis-persistence", "MISCONF Redis is configured to save RDB snapshots, but it's currently unable to persist to disk."),
                ex("disk.redis-persistence", "Background saving error"),
                ex("disk.io-error", "read /data/blk: input/output error"),
                ex("dep.module-missing", "ModuleNotFoundError: No module named 'requests'"),
                ex("dep.module-missing", "java.lang.ClassNotFoundException: org.postgresql.Driver"),
                ex("dep.module-missing", "Error: Cannot find module 'express'"),
                ex("dep.module-missing", "exec: \"gunicorn\": executable file not found in $PATH"),
                ex("dep.module-missing", "/bin/sh: 1: curl: not found"),
                ex("config.missing-env", "environment variable DATABASE_URL is not set"),
                ex("config.missing-env", "KeyError: 'DATABASE_URL'"),
                ex("config.missing-env", "Error: Database is uninitialized and superuser password is not specified."),
                ex("config.missing-env", "API_TOKEN must be set"),
                ex("config.bad-yaml", "yaml: line 7: mapping values are not allowed in this context"),
                ex("config.bad-yaml", "while parsing a block mapping in \"/etc/app/config.yml\", line 3, column 1"),
                ex("config.unknown-directive", "unknown directive \"proxy_passs\" in /etc/nginx/conf.d/default.conf:12"),
                ex("config.unknown-directive", "Bad directive or wrong number of arguments"),
                ex("config.unknown-directive", "unrecognized configuration parameter \"shared_bufers\""),
                ex("config.unknown-directive", "flag provided but not defined: -verbose"),
                ex("config.invalid", "invalid value for parameter \"max_connections\": \"many\""),
                ex("config.invalid", "failed to load config: open /etc/app/config.yml: no such file or directory"),
                ex("config.invalid", "*** FATAL CONFIG FILE ERROR (Redis 7.0.15) ***"),
                ex("config.static-file-missing", "*3 open() \"/usr/share/nginx/html/favicon.ico\" failed (2: No such file or directory), client: 172.18.0.1, server: localhost, request: \"GET /favicon.ico HTTP/1.1\""),
                ex("config.file-missing", "open /certs/server.key: no such file or directory"),
                ex("config.file-missing", "java.io.FileNotFoundException: /app/data/seed.csv"),
                ex("timeout.upstream", "*7 upstream timed out (110: Connection timed out) while reading response header from upstream, client: 172.18.0.1"),
                ex("net.dns-failure", "getaddrinfo ENOTFOUND redis"),
                ex("net.dns-failure", "could not translate host name \"db\" to address: Name or service not known"),
                ex("net.dns-failure", "dial tcp: lookup api on 127.0.0.11:53: no such host"),
                ex("net.dns-failure", "host not found in upstream \"backend:8080\" in /etc/nginx/conf.d/default.conf:3"),
                ex("net.dns-failure", "java.net.UnknownHostException: kafka"),
                ex("net.upstream-unreachable", "*1 connect() failed (111: Connection refused) while connecting to upstream, client: 172.18.0.1, server: _, request: \"GET / HTTP/1.1\", upstream: \"http://172.18.0.5:8080/\""),
                ex("net.upstream-unreachable", "*9 no live upstreams while connecting to upstream, client: 10.0.0.1"),
                ex("net.upstream-unreachable", "upstream connect error or disconnect/reset before headers. reset reason: connection failure"),
                ex("net.no-route", "dial tcp 10.0.3.4:9092: connect: no route to host"),
                ex("net.connection-refused", "Get \"http://payments:8080/health\": dial tcp 172.18.0.9:8080: connect: connection refused"),
                ex("net.connection-refused", "java.net.ConnectException: Connection refused"),
                ex("net.connection-reset", "read tcp 172.18.0.2:40112->172.18.0.3:8080: read: connection reset by peer"),
                ex("net.connection-reset", "write: broken pipe"),
                ex("net.address-in-use", "bind() to 0.0.0.0:80 failed (98: Address already in use)"),
                ex("net.address-in-use", "listen tcp :8080: bind: address already in use"),
                ex("net.http-5xx", "call to inventory failed: 502 Bad Gateway"),
                ex("net.http-5xx", "payment service returned 504"),
                ex("timeout.statement", "canceling statement due to statement timeout"),
                ex("timeout.generic", "context deadline exceeded"),
                ex("timeout.generic", "java.net.SocketTimeoutException: Read timed out"),
                ex("timeout.generic", "dial tcp 10.1.2.3:443: i/o timeout"),
                ex("rate.limited", "429 Too Many Requests"),
                ex("rate.limited", "*12 limiting requests, excess: 0.560 by zone \"api\", client: 10.0.0.1"),
                ex("rate.limited", "rate limit exceeded for key user:42"),
                ex("perm.denied", "open() \"/var/log/nginx/error.log\" failed (13: Permission denied)"),
                ex("perm.denied", "Error: EACCES: permission denied, open '/app/uploads/a.png'"),
                ex("perm.denied", "permission denied for table orders"),
                ex("perm.denied", "chown: changing ownership of '/var/lib/postgresql/data': Operation not permitted"),
                ex("crash.segfault", "Segmentation fault (core dumped)"),
                ex("crash.abort", "Aborted (core dumped)"),
                ex("crash.abort", "terminate called after throwing an instance of 'std::runtime_error'"),
                ex("crash.jvm-fatal-error", "# A fatal error has been detected by the Java Runtime Environment:"),
                ex("crash.fatal-signal", "Fatal signal 7 received in thread 12"),
                ex("crash.fatal-signal", "worker process 31 exited on signal 4: illegal instruction"),
                ex("crash.panic", "panic: runtime error: invalid memory address or nil pointer dereference"),
                ex("crash.panic", "thread 'main' panicked at 'called `Option::unwrap()` on a `None` value', src/main.rs:4:5"),
                ex("crash.uncaught-exception", "Exception in thread \"worker-1\" java.lang.IllegalStateException: queue closed"),
                ex("crash.uncaught-exception", "Traceback (most recent call last):\nZeroDivisionError: division by zero"),
                ex("crash.uncaught-exception", "UnhandledPromiseRejectionWarning: Error: boom"),
                ex("dep.circuit-open", "CircuitBreaker 'inventory' is OPEN and does not permit further calls"),
                ex("dep.unavailable", "Service Unavailable: recommendation engine"),
                ex("dep.unavailable", "14 UNAVAILABLE: failed to pick subchannel"),
                ex("dep.unavailable", "Connection to node -1 (localhost/127.0.0.1:9092) could not be established. Broker may not be available."),
                ex("perf.slow-query", "slow query: SELECT * FROM orders took 5321ms"),
                ex("perf.latency", "Blocked thread: vert.x-eventloop-thread-1 has been blocked for 2711 ms"),
                ex("perf.latency", "Asynchronous AOF fsync is taking too long (disk is busy?)."),
                ex("perf.latency", "HikariPool-1 - Thread starvation or clock leap detected (housekeeper delta=1m2s)."),
                ex("config.host-setting", "WARNING Memory overcommit must be enabled! Without it, a background save or replication may fail under low memory condition."),
                ex("config.host-setting", "WARNING: The TCP backlog setting of 511 cannot be enforced because /proc/sys/net/core/somaxconn is set to the lower value of 128."),
                ex("perf.latency", "inventory lookup took 900 ms (threshold 500 ms)"),
                ex("dep.retrying", "sync retried attempt=1 backoff=200ms"),
                ex("dep.retrying", "upload failed, will retry (attempt 2 of 5)"),
                ex("disk.redis-persistence", "Failed opening the temp RDB file temp-23.rdb (in server root dir /readonly) for saving: Permission denied"),
                ex("exception.named", "java.lang.IllegalArgumentException: amount must be positive"),
                ex("exception.named", "ValueError: invalid literal for int() with base 10: 'abc'"),
                ex("exception.named", "TypeError: Cannot read properties of undefined (reading 'id')"));
    }

    private static Arguments ex(String ruleId, String message) {
        return Arguments.of(ruleId, message);
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("examples")
    void eachExampleIsExplainedByItsRule(String ruleId, String message) {
        assertThat(catalog.match(message, false, false)).map(Rule::id).contains(ruleId);
    }

    @Test
    void everyBuiltInRuleHasAnExample() {
        Set<String> covered = new HashSet<>();
        examples().forEach(a -> covered.add((String) a.get()[0]));
        covered.add("exception.stack-trace");
        covered.add("generic.error-wording");
        assertThat(catalog.rules()).extracting(Rule::id).allMatch(covered::contains,
                "has an example in RuleCatalogTest.examples()");
        assertThat(catalog.rules()).hasSizeGreaterThanOrEqualTo(60);
    }

    @Test
    void ruleMatchingIsCaseInsensitiveAndIgnoresWhereTheWordsAre() {
        assertThat(catalog.match("SOMETHING: NO SPACE LEFT ON DEVICE", false, false)).map(Rule::id).contains("disk.full");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "GET /index.html HTTP/1.1 200 612",
        "listening on 0.0.0.0:8080",
        "checkpoint complete: wrote 3 buffers (0.0%); 0 WAL file(s) added, 0 removed",
        "Ready to accept connections tcp",
        "database system is ready to accept connections",
        "error_log /var/log/nginx/error.log warn;",
        "Server initialized",
        "the database system is ready to accept connections"})
    void ordinaryLinesMatchNoRule(String message) {
        assertThat(catalog.match(message, false, true)).isEmpty();
    }

    @Test
    void wordingRulesApplyOnlyToLinesWithoutALevel() {
        assertThat(catalog.match("failed to reach the ledger", false, true)).map(Rule::id).contains("generic.error-wording");
        assertThat(catalog.match("failed to reach the ledger", false, false)).isEmpty();
    }

    @Test
    void stackTraceRuleNeedsAStackTrace() {
        assertThat(catalog.match("Request failed", true, false)).map(Rule::id).contains("exception.stack-trace");
        assertThat(catalog.match("Request failed", false, false)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "processed 1200 messages, errors=0",
        "Ran 42 tests: 0 errors, 0 failures",
        "no errors found in 12 files",
        "sync done; failed: 0",
        "Auth database shutdown completed",
        "worker exited with code 0",
        "{\"errors\":0,\"took\":12}",
        "error_log /var/log/nginx/error.log warn;"})
    void benignGuardsRecogniseReportsOfNothingWrong(String message) {
        assertThat(catalog.isBenign(message)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"errors=3", "1 error generated", "failed: 10", "connection refused", "errors=0.5"})
    void benignGuardsDoNotSilenceRealCounts(String message) {
        assertThat(catalog.isBenign(message)).isFalse();
    }

    @Test
    void userRulesAreTriedBeforeBuiltInOnes() {
        Rule mine = Rule.of("acme.refused", "dependency", "critical", "connection refused", List.of("refused"),
                "Page the ACME team", "agent");
        RuleCatalog withMine = catalog.withRules(List.of(mine));
        assertThat(withMine.match("dial tcp 10.0.0.1:80: connection refused", false, false)).contains(mine);
        assertThat(catalog.match("dial tcp 10.0.0.1:80: connection refused", false, false))
                .map(Rule::id).contains("net.connection-refused");
    }

    @Test
    void userRuleWithoutKeywordsStillMatchesThroughItsPattern() {
        Rule mine = Rule.of("acme.ledger", "application_error", "high", "ledger (?:is )?out of balance", null, "", null);
        assertThat(catalog.withRules(List.of(mine)).match("Ledger out of balance by 3 cents", false, false)).contains(mine);
    }

    @Test
    void invalidUserRulesAreRejectedWithTheRuleId() {
        assertThatThrownBy(() -> Rule.of("acme.bad", "database", "high", "(unclosed", null, "", "agent"))
                .hasMessageContaining("acme.bad").hasMessageContaining("invalid pattern");
        assertThatThrownBy(() -> Rule.of("acme.bad", "databse", "high", "x", null, "", "agent"))
                .hasMessageContaining("databse");
        assertThatThrownBy(() -> Rule.of("acme.bad", "database", "urgent", "x", null, "", "agent"))
                .hasMessageContaining("urgent");
        assertThatThrownBy(() -> Rule.of("acme.bad", "database", "high", null, null, "", "agent"))
                .hasMessageContaining("needs keywords or a pattern");
        assertThatThrownBy(() -> catalog.withRules(List.of(Rule.of("db.deadlock", "database", "low", "x", null, "", null))))
                .hasMessageContaining("duplicate rule id 'db.deadlock'");
    }
}
