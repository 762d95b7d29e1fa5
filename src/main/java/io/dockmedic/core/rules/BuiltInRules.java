package io.dockmedic.core.rules;

import static io.dockmedic.core.rules.Category.APPLICATION_ERROR;
import static io.dockmedic.core.rules.Category.APPLICATION_EXCEPTION;
import static io.dockmedic.core.rules.Category.AUTHENTICATION;
import static io.dockmedic.core.rules.Category.CONFIGURATION;
import static io.dockmedic.core.rules.Category.CRASH;
import static io.dockmedic.core.rules.Category.DATABASE;
import static io.dockmedic.core.rules.Category.DEPENDENCY;
import static io.dockmedic.core.rules.Category.DISK;
import static io.dockmedic.core.rules.Category.MEMORY;
import static io.dockmedic.core.rules.Category.NETWORK;
import static io.dockmedic.core.rules.Category.PERFORMANCE;
import static io.dockmedic.core.rules.Category.PERMISSION;
import static io.dockmedic.core.rules.Category.RATE_LIMITING;
import static io.dockmedic.core.rules.Category.TIMEOUT;
import static io.dockmedic.core.rules.Category.TLS;
import static io.dockmedic.core.rules.FixKind.AGENT;
import static io.dockmedic.core.rules.FixKind.RESTART;
import static io.dockmedic.core.rules.Severity.CRITICAL;
import static io.dockmedic.core.rules.Severity.HIGH;
import static io.dockmedic.core.rules.Severity.LOW;
import static io.dockmedic.core.rules.Severity.MEDIUM;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The built-in rule table. Order matters: the first match wins, so rules naming a cause (the database
 * refused, the disk is full) come before rules naming a symptom (an uncaught exception, a panic), and the
 * weakest rules (any stack trace, any "error" wording without a level) come last.
 */
final class BuiltInRules {

    private BuiltInRules() {
    }

    /** The synthetic rule of ERROR events that no rule explains. */
    static final Rule LEVEL_ERROR = new Rule("level.error", APPLICATION_ERROR, HIGH, List.of(),
            Pattern.compile(".", Pattern.DOTALL), Rule.Scope.EVENTS,
            "The program logged an error that no rule recognises: read the sample and the lines around it.", AGENT);

    /** The synthetic rule of FATAL events that no rule explains. */
    static final Rule LEVEL_FATAL = new Rule("level.fatal", APPLICATION_ERROR, CRITICAL, List.of(),
            Pattern.compile(".", Pattern.DOTALL), Rule.Scope.EVENTS,
            "The program logged a fatal error that no rule recognises: it may have stopped; read the sample.", AGENT);

    /** Words and ports that say the peer is a database or data store. */
    private static final String DB_WORD = "(?:postgres|mysql|mariadb|mongo|redis|database|\\bdb\\b|jdbc|psql|libpq"
            + "|psycopg|sqlalchemy|hikari|[:, ](?:port )?(?:5432|3306|6379|27017)\\b)";
    private static final String CONNECT_FAILED = "(?:connection (?:to \\S{1,100} )?(?:was )?refused|econnrefused"
            + "|(?:could not|couldn't|unable to|failed to|cannot|can't) (?:connect|establish (?:a )?(?:new )?connection))";

    static List<Rule> rules() {
        return List.of(
                // ---- database: named causes first, they are the most actionable
                rule("auth.database-login-failed", AUTHENTICATION, HIGH,
                        "password authentication failed|authentication failed for user"
                                + "|access denied for user \\S+ \\(using password"
                                + "|no pg_hba\\.conf entry|(?-i:\\bNOAUTH\\b)|(?-i:\\bWRONGPASS\\b)|invalid username-password pair"
                                + "|SASL authentication failed|\\bERR AUTH\\b|\\bERR invalid password",
                        "Check the credentials the client uses (user, password, secret or environment variable) against"
                                + " the database's users and access rules (pg_hba.conf, GRANTs, requirepass).",
                        AGENT),
                rule("db.role-missing", DATABASE, HIGH,
                        "\\brole \"[^\"]*\" does not exist",
                        "Create the role in the database or fix the user name in the client's connection settings.",
                        AGENT),
                rule("db.database-missing", DATABASE, HIGH,
                        "database \"[^\"]*\" does not exist|unknown database '[^']*'",
                        "Create the database (or its init script) or fix the database name in the client's connection"
                                + " settings.",
                        AGENT),
                rule("db.relation-missing", DATABASE, HIGH,
                        "relation \"[^\"]*\" does not exist|column \"?[\\w.]+\"? does not exist"
                                + "|table '[^']*' doesn't exist|unknown column '[^']*'|no such (?:table|column)",
                        "Run the pending schema migrations, or fix the table or column name in the query.",
                        AGENT),
                // Database words only: Go's "all goroutines are asleep - deadlock!" is a crash, not a database problem.
                rule("db.deadlock", DATABASE, HIGH,
                        "deadlock detected|deadlock found|deadlocked on lock|deadlock (?:victim|on (?:the )?transaction)"
                                + "|\\bDeadlockLoserDataAccessException\\b|\\b(?:sqlstate |code )?40P01\\b",
                        "Make transactions take locks in one order and keep them short; retry the victim transaction.",
                        AGENT),
                keywordRule("db.too-many-connections", DATABASE, HIGH,
                        "too many connections|too many clients|connection slots are reserved|max number of clients reached",
                        "Find who holds the connections (pool sizes, leaked connections); lower client pool sizes or"
                                + " raise the server's connection limit.",
                        AGENT),
                keywordRule("db.pool-exhausted", DATABASE, HIGH,
                        "connection is not available|pool exhausted|unable to acquire jdbc connection"
                                + "|cannot get a connection|timeout waiting for idle object|queuepool limit",
                        "The client's connection pool is exhausted: look for slow queries or leaked connections, then size"
                                + " the pool.",
                        AGENT),
                // Before the connection rules: a name that does not resolve is the cause, whatever the peer is.
                rule("net.dns-failure", NETWORK, HIGH,
                        "could not resolve|name or service not known|temporary failure in name resolution|no such host"
                                + "|(?-i:\\bENOTFOUND\\b)|(?-i:\\bEAI_AGAIN\\b)|UnknownHostException|host not found"
                                + "|could not translate host name|nodename nor servname|(?-i:\\bNXDOMAIN\\b)|could not be resolved"
                                + "|name resolution failed|failed to resolve|unable to resolve|dns (?:lookup|resolution)"
                                + " (?:failed|error)|unknown (?:mysql server )?host",
                        "A host name does not resolve: check the service name, that the target container exists and"
                                + " shares a network with this one.",
                        AGENT),
                rule("db.connection-refused", DATABASE, HIGH,
                        "could not connect to (?:the )?(?:server|database)|connection to server (?:at|on) .*failed"
                                + "|can't connect to (?:local )?mysql server|communications link failure"
                                + "|exception during pool initiali[sz]ation"
                                + "|(?:could not|unable to|failed to) (?:obtain|acquire|get) (?:a )?(?:jdbc |database )?connection"
                                + "|" + DB_WORD + ".{0,120}" + CONNECT_FAILED + "|" + CONNECT_FAILED + ".{0,120}" + DB_WORD
                                + "|connection to \\S{0,100}?" + DB_WORD + "\\S{0,100} (?:was )?refused",
                        "The database is down or unreachable at the configured address: check that its container runs"
                                + " and is healthy, and the client's host and port settings.",
                        AGENT),
                rule("db.connection-lost", DATABASE, HIGH,
                        "server closed the connection unexpectedly|lost connection to mysql server|mysql server has gone away"
                                + "|terminating connection because of crash|connection to (?:the )?database (?:was )?(?:lost"
                                + "|closed|dropped|reset)",
                        "The database dropped the connection: check whether it restarted or crashed (its own log and"
                                + " state), and make clients reconnect.",
                        AGENT),
                rule("db.starting-or-stopping", DATABASE, LOW,
                        "the database system is (?:starting up|shutting down|in recovery mode)|not yet accepting connections"
                                + "|terminating connection due to administrator command",
                        "Clients reached the database while it started or stopped; if it persists, make them wait for the"
                                + " database's health check before connecting.",
                        AGENT),
                keywordRule("db.lock-timeout", DATABASE, MEDIUM,
                        "lock wait timeout exceeded|due to lock timeout|could not obtain lock|database is locked"
                                + "|database table is locked",
                        "A transaction waited too long for a lock: find the long-running transaction holding it.",
                        AGENT),
                keywordRule("db.serialization-failure", DATABASE, MEDIUM, "could not serialize access",
                        "Concurrent transactions conflicted: retry the transaction in the client.",
                        AGENT),
                keywordRule("db.transaction-aborted", DATABASE, MEDIUM, "current transaction is aborted",
                        "An earlier statement in the same transaction failed (the lines before name it) and the client"
                                + " went on without a rollback: fix that statement and roll back on errors.",
                        AGENT),
                rule("db.duplicate-key", DATABASE, MEDIUM,
                        "duplicate key|duplicate entry '.*' for key|unique constraint failed",
                        "The application inserts a row that already exists: make the write idempotent (upsert) or fix"
                                + " the key generation.",
                        AGENT),
                rule("db.constraint-violation", DATABASE, MEDIUM,
                        "violates (?:foreign key|not-null|check|exclusion) constraint|foreign key constraint fails"
                                + "|column '[^']*' cannot be null",
                        "The application writes data the schema rejects: fix the write or the schema.",
                        AGENT),
                keywordRule("db.sql-syntax", DATABASE, MEDIUM, "syntax error at|sql syntax",
                        "A query is malformed: fix the SQL in the application (the sample shows the statement).",
                        AGENT),

                // ---- TLS, before authentication: "certificate has expired" is not an expired token
                rule("tls.certificate-expired", TLS, HIGH,
                        "certificate (?:has )?expired|certificate is (?:expired|not yet valid)|cert_has_expired"
                                + "|expired certificate",
                        "Renew the certificate (and check the automation that should have renewed it), then reload the"
                                + " service.",
                        AGENT),
                rule("tls.verification-failed", TLS, HIGH,
                        "certificate verify failed|unable to verify (?:the first )?certificate|self[- ]signed certificate"
                                + "|unable to get (?:local )?issuer certificate"
                                + "|certificate signed by unknown authority|pkix path (?:building|validation) failed"
                                + "|unable to find valid certification path|unable_to_verify_leaf_signature"
                                + "|depth_zero_self_signed_cert|self_signed_cert_in_chain|certificate is valid for .{0,100}, not"
                                + "|hostname mismatch|err_tls_cert_altname_invalid|certificate (?:is )?not trusted"
                                + "|unknown certificate|bad certificate|no subject alternative names? match",
                        "The peer's certificate is not trusted: install the right CA bundle, or fix the certificate's host"
                                + " names.",
                        AGENT),
                rule("tls.certificate-unusable", TLS, HIGH,
                        "(?:cannot|can't|could not|unable to|failed to) (?:load|read|open|use|find|configure)"
                                + " (?:at least one |the |ssl |tls |server |x509 )?(?:certificate|cert)\\b",
                        "The service cannot load its own certificate or key: check the file paths, the volume that"
                                + " mounts them, their format (PEM) and that key and certificate belong together.",
                        AGENT),
                rule("tls.handshake-failed", TLS, MEDIUM,
                        "handshake (?:failure|failed|error|timeout)|sslhandshakeexception|ssl routines"
                                + "|ssl_do_handshake\\(\\) failed|wrong version number|no shared cipher|unsupported protocol"
                                + "|tlsv1 alert|\\bSSLError\\b|\\bSSLException\\b|plaintext http traffic on an https channel"
                                + "|http request to an https server|plain http request was sent to https port"
                                + "|not an ssl/tls record",
                        "Client and server disagree on TLS (protocol version, ciphers, plain HTTP on a TLS port): compare"
                                + " both sides' TLS settings.",
                        AGENT),

                // ---- authentication
                rule("auth.invalid-credentials", AUTHENTICATION, MEDIUM,
                        "invalid password|wrong password|incorrect password|invalid credentials|bad credentials"
                                + "|invalid (?:username|user name|login) or password|login failed|authentication fail(?:ed|ure)"
                                + "|failed login|(?:could not|unable to|failed to) authenticate"
                                + "|login (?:was )?(?:refused|rejected|denied)|\\bauth fail\\b"
                                + "|\\bfailed (?:password|publickey|keyboard-interactive\\S*|none|hostbased) for\\b"
                                + "|no more (?:user )?authentication methods"
                                + "|(?-i:\\bACCESS_REFUSED\\b)"
                                // Mosquitto (British spelling), sudo and su
                                + "|disconnected, not authori[sz]ed|connection refused: not authori[sz]ed"
                                + "|\\b\\d+ incorrect password attempts?\\b|(?:^|: )Sorry, try again\\."
                                + "|\\bsudo: a (?:terminal|password) is required\\b"
                                // nginx basic auth
                                + "|\\buser \"[^\"]*\": password mismatch|\\buser \"[^\"]*\" was not found in \"",
                        "Check the credentials the client sends (secret, environment variable, mounted file) and whether"
                                + " they were rotated.",
                        AGENT),
                rule("auth.token-expired", AUTHENTICATION, MEDIUM,
                        "token (?:has |is )?expired|expired (?:access |refresh )?token|jwt (?:is )?expired"
                                + "|ExpiredJwtException|TokenExpiredError|session (?:has )?expired",
                        "A token expired: check token refresh in the client and the clocks of both sides.",
                        AGENT),
                rule("auth.token-invalid", AUTHENTICATION, MEDIUM,
                        "invalid (?:access |bearer |id )?(?:token|jwt|api[ _-]?key|signature)|signature verification failed"
                                + "|jwt signature does not match|\\binvalid_grant\\b|\\binvalid_token\\b|malformed (?:token|jwt)"
                                + "|token (?:is )?(?:invalid|malformed|revoked)",
                        "The client presents a token or key the server rejects: check which key signs tokens and which"
                                + " key the server verifies with.",
                        AGENT),
                // The server refuses a client by design, like a 404: worth knowing, rarely the server's fault.
                rule("perm.client-denied", PERMISSION, LOW,
                        "client denied by server configuration|forbidden by rule|directory index of \\S+ is forbidden",
                        "The web server refuses a client by its access rules: fine if those clients should be refused;"
                                + " otherwise fix the allow/deny rules.",
                        AGENT),
                // Before the HTTP rule: "pods is forbidden: User ... cannot list" is a missing grant, not a bad identity.
                rule("perm.forbidden-by-policy", PERMISSION, HIGH,
                        "\\bforbidden: User \"[^\"]*\" cannot \\w+|\\bcannot (?:get|list|watch|create|update|patch|delete)"
                                + " resource \"|\\bcode = PermissionDenied\\b|(?-i:\\bPERMISSION_DENIED\\b)|is not authorized to perform",
                        "The caller is known but lacks a grant (RBAC role binding, IAM policy, ACL): grant it the"
                                + " permission the sample names, or stop the call.",
                        AGENT),
                rule("auth.http-unauthorized", AUTHENTICATION, MEDIUM,
                        "\\b40[13] (?:unauthori[sz]ed|forbidden)\\b|\\b(?:status|code|status_code|statuscode)\\W{1,3}40[13]\\b"
                                + "|\\b(?:unauthori[sz]ed|forbidden|unauthenticated)\\b",
                        "A service refused the caller's identity: check the credentials it sends and the permissions it"
                                + " was granted.",
                        AGENT),

                // ---- host settings a program warns about at start
                rule("config.host-setting", CONFIGURATION, MEDIUM,
                        "memory overcommit must be enabled|overcommit_memory is set to 0"
                                + "|transparent huge pages \\(THP\\) support enabled|somaxconn is set to the lower value"
                                + "|TCP backlog setting of \\d+ cannot be enforced|vm\\.max_map_count \\[\\d+\\] is too low"
                                + "|bootstrap checks? (?:failed|failure)",
                        "A kernel setting of the host works against this program (the sample says which and how to"
                                + " change it): set it on the host (sysctl) or in the container's sysctls.",
                        AGENT),

                // ---- memory
                keywordRule("mem.java-out-of-memory", MEMORY, CRITICAL, "outofmemoryerror",
                        "The JVM ran out of memory (heap, metaspace or threads): raise -Xmx or the container's memory"
                                + " limit, or find the leak from a heap dump. Restart it: a JVM is unreliable after this"
                                + " error.",
                        RESTART),
                rule("mem.oom-killer", MEMORY, CRITICAL,
                        "out of memory: kill|\\boom-kill|\\boom[ -]killer|memory cgroup out of memory|\\boom_reaper:"
                                + "|^killed process \\d+ \\(",
                        "The kernel killed a process for memory: raise the container's memory limit or reduce its use.",
                        RESTART),
                keywordRule("mem.redis-maxmemory", MEMORY, HIGH, "oom command not allowed",
                        "Redis reached maxmemory and rejects writes: raise maxmemory, set an eviction policy"
                                + " (maxmemory-policy), or find what fills it.",
                        AGENT),
                rule("mem.exhausted", MEMORY, CRITICAL,
                        "\\bMemoryError\\b|cannot allocate memory|(?-i:\\bENOMEM\\b)|out of memory|failed to allocate"
                                + "|malloc(?:\\(\\))? failed|bad_alloc|heap out of memory|allowed memory size of \\d+ bytes"
                                + " exhausted|memory exhausted|unable to allocate|could not allocate|insufficient memory"
                                + "|memory allocation .{0,20}failed|failed to map \\d+ bytes"
                                + "|memory (?:resource limit )?alarm (?:set|raised)",
                        "The process cannot get memory: raise the container's memory limit or reduce its use (caches,"
                                + " batch sizes, leaks).",
                        AGENT),

                // ---- disk
                rule("disk.quota-exceeded", DISK, HIGH, "disk quota exceeded|(?-i:\\bEDQUOT\\b)",
                        "A disk quota is exhausted: free space for this user or raise the quota.",
                        AGENT),
                rule("disk.full", DISK, CRITICAL,
                        "no space left on device|(?-i:\\bENOSPC\\b)|disk (?:is )?full|database or disk is full"
                                + "|could not extend file|not enough (?:free )?(?:disk )?space|insufficient (?:free )?(?:disk )?space"
                                + "|\\b(?:free )?(?:disk )?space (?:is )?(?:insufficient|exhausted|too low|running low)"
                                + "|disk (?:resource limit )?alarm (?:set|raised)"
                                + "|file ?system (?:is )?full|high disk watermark|flood[ -]stage",
                        "A volume is full: free space (old logs, temp files, images) or grow the volume; writes fail"
                                + " until then.",
                        AGENT),
                rule("disk.read-only", DISK, HIGH, "read-only file ?system|(?-i:\\bEROFS\\b)",
                        "The file system is read-only: check the mount options (read_only, :ro) or the host disk's"
                                + " health.",
                        AGENT),
                rule("disk.redis-persistence", DISK, HIGH,
                        "(?-i:\\bMISCONF\\b)|background saving error|failed opening (?:the )?(?:temp )?\\.?rdb|can't save in background"
                                + "|write error saving db on disk|error moving temp db file|error writing to the aof file",
                        "Redis cannot persist to disk: check free space and permissions of its data directory.",
                        AGENT),
                rule("disk.io-error", DISK, HIGH,
                        "input/output error|(?-i:\\bEIO\\b)|\\bI/O error|\\b(?:EXT[234]|XFS|BTRFS)(?:-fs)? (?:error|\\(\\S+\\): "
                                + "(?:corruption|metadata i/o error|log i/o error))",
                        "The storage returned I/O errors: check the host disk and the volume driver.",
                        AGENT),

                // ---- missing code: the process cannot even start its work
                rule("dep.module-missing", DEPENDENCY, HIGH,
                        "ModuleNotFoundError|ImportError|No module named|ClassNotFoundException|NoClassDefFoundError"
                                + "|Cannot find module|cannot open shared object file|UnsatisfiedLinkError"
                                + "|executable file not found|command not found|NoSuchMethodError"
                                + "|Could not find or load main class|error while loading shared libraries|undefined symbol"
                                + "|MODULE_NOT_FOUND|^(?:\\S*/)?(?:ba|da|z)?sh: (?:line )?(?:\\d+: )?(?:exec: )?\\S+: not found"
                                + "|exec format error|unable to access jarfile"
                                // Ruby's require, Perl's use
                                + "|cannot load such file -- |Can't locate \\S+\\.pm in @INC",
                        "Code or a library the program needs is missing from the image, or was built for another"
                                + " platform: fix the image's dependencies (requirements, classpath, packages, target"
                                + " architecture) and rebuild.",
                        AGENT),

                // ---- configuration
                rule("config.missing-env", CONFIGURATION, HIGH,
                        "environment variable \\S+ (?:is )?(?:not set|missing|required|undefined|empty)"
                                + "|(?:missing|required) (?:required )?environment variables?"
                                + "|env(?:ironment)? var(?:iable)? \\S+ (?:is )?(?:not set|missing|required)"
                                + "|KeyError: '(?-i:[A-Z][A-Z0-9_]{2,})'"
                                + "|(?-i:\\b[A-Z][A-Z0-9]*_[A-Z0-9_]+) (?:is not set|must be set|is required|is not defined"
                                + "|not defined|is empty)"
                                + "|must specify (?-i:[A-Z][A-Z0-9_]{2,})|password is not specified|you must (?:specify|set)"
                                + " (?-i:[A-Z][A-Z0-9_]{2,})"
                                // a shell under set -u, bash and dash
                                + "|: \\w+: (?:unbound variable|parameter (?:null or )?not set)$",
                        "Set the missing environment variable in the container's definition (compose file, secret,"
                                + " env file).",
                        AGENT),
                rule("config.bad-yaml", CONFIGURATION, HIGH,
                        "yaml: line \\d+|YAMLException|while (?:parsing|scanning) a|mapping values are not allowed"
                                + "|could not find expected ':'|found character that cannot start any token"
                                + "|did not find expected key|yaml\\.(?:scanner|parser|constructor)\\.\\w+|\\bScannerError\\b"
                                + "|\\bParserError\\b|cannot unmarshal .* into Go|invalid ya?ml|toml: |error parsing (?:yaml|toml)",
                        "A configuration file does not parse: fix its syntax at the line the sample names (indentation,"
                                + " quoting).",
                        AGENT),
                rule("config.unknown-directive", CONFIGURATION, HIGH,
                        "unknown directive|directive is not allowed here|invalid number of arguments in \"\\w+\" directive"
                                + "|unexpected \"[^\"]*\" in \\S+:\\d+|unexpected end of file, expecting"
                                + "|bad directive or wrong number of arguments"
                                + "|unrecognized (?:configuration parameter|option|argument|directive)"
                                + "|unknown (?:option|flag|parameter|setting|variable|keyword|key|configuration (?:key|parameter|option))\\b"
                                + "|flag provided but not defined|invalid (?:option|flag)\\b",
                        "The configuration names a setting the program does not know (typo, wrong version): fix the"
                                + " line the sample names.",
                        AGENT),
                rule("config.invalid", CONFIGURATION, HIGH,
                        "invalid (?:config|configuration)\\b|config(?:uration)? (?:error|is invalid|invalid)|\\bImproperlyConfigured\\b"
                                + "|config(?:uration)? file .{0,80}(?:invalid|error|not found|does not exist|missing"
                                + "|no such file)|(?:error|failed|failure|unable|cannot|could not)(?: to)? (?:initiali[sz]e|initiali[sz]ing"
                                + "|load|loading|parse|parsing|read|reading|decode|decoding|open|opening|validate|validating)"
                                + " (?:the )?(?:config|configuration|settings)\\b|fatal config file error"
                                + "|invalid value for (?:parameter|option|setting|key)|is not a valid (?:value|setting|option)"
                                + "|configuration file \\S+ test failed|syntax error on line \\d+ of"
                                + "|failed to configure (?:an? )?\\w+: .{0,80}(?:not specified|missing|required|invalid)"
                                + "|\\b(?:setting|property|attribute|option|parameter)\\b.{0,60}(?:is not specified|must not be empty"
                                + "|must be specified|is required but)",
                        "The configuration is invalid: fix the value the sample names and restart the container.",
                        AGENT),
                rule("config.static-file-missing", CONFIGURATION, LOW,
                        "(?:open\\(\\) \"[^\"]+\" failed|\"[^\"]+\" is not found) \\(2: No such file or directory\\), client:",
                        "Clients request files the web server does not have: add them or fix the links pointing there.",
                        AGENT),
                rule("config.open-files-limit", CONFIGURATION, HIGH,
                        "too many open files|(?-i:\\bEMFILE\\b)|(?-i:\\bENFILE\\b)",
                        "The process ran out of file descriptors: raise the container's nofile ulimit, and look for"
                                + " connections or files the program opens and never closes.",
                        AGENT),
                rule("config.file-missing", CONFIGURATION, MEDIUM,
                        "no such file or directory|(?-i:\\bENOENT\\b)|FileNotFoundException|NoSuchFileException|file not found"
                                + "|cannot open file|could not open (?:file|configuration)",
                        "A file the program needs is missing: check volume mounts, paths in its configuration and the"
                                + " image's contents.",
                        AGENT),

                // ---- network
                keywordRule("timeout.upstream", TIMEOUT, HIGH, "upstream timed out",
                        "The upstream behind the proxy answers too slowly: check its load and health, or raise the"
                                + " proxy's read timeout if the work is legitimately slow.",
                        AGENT),
                rule("net.upstream-unreachable", NETWORK, HIGH,
                        "\\b(?:connect|recv|send|read|write|readv|writev)\\(\\)(?: to \\S+)? failed \\(\\d+: [^)]*\\)"
                                + " while (?:connecting to|reading [^,]*from|sending [^,]*to) upstream|no live upstreams"
                                + "|upstream connect error|disconnect/reset before headers|upstream prematurely closed"
                                + "|upstream sent (?:an )?invalid|upstream sent too big header"
                                + "|error reading status line from remote server",
                        "The service behind the proxy is down or refuses connections: check that the upstream container"
                                + " runs and listens on the host and port the proxy uses.",
                        AGENT),
                rule("net.no-route", NETWORK, HIGH,
                        "no route to host|(?-i:\\bEHOSTUNREACH\\b)|network is unreachable|(?-i:\\bENETUNREACH\\b)|host (?:is )?unreachable",
                        "The target network is unreachable: check that both containers share a network and the target"
                                + " is up.",
                        AGENT),
                rule("net.connection-refused", NETWORK, HIGH,
                        "connection (?:to \\S{1,100} )?(?:was )?refused|(?-i:\\bECONNREFUSED\\b)|refused (?:to connect|the connection)"
                                + "|actively refused",
                        "Nothing listens at the address: check that the target service runs and listens on that host and"
                                + " port.",
                        AGENT),
                rule("net.connection-reset", NETWORK, MEDIUM,
                        "connection reset|(?-i:\\bECONNRESET\\b)|broken pipe|(?-i:\\bEPIPE\\b)|connection (?:was )?(?:closed|aborted) by"
                                + " (?:the )?(?:peer|remote host)|(?-i:\\bECONNABORTED\\b)|socket hang up|unexpected EOF"
                                + "|aborted connection \\d+|error reading communication packets"
                                + "|connection (?:to \\S{1,100} )?(?:was |is )?(?:lost|broken)|lost (?:the )?connection",
                        "The peer dropped the connection: check whether it restarted or crashed, and idle timeouts"
                                + " between the two.",
                        AGENT),
                rule("net.address-in-use", NETWORK, HIGH,
                        "address already in use|(?-i:\\bEADDRINUSE\\b)|bind\\(\\) to \\S+ failed|failed to bind|could not bind"
                                + "|cannot assign requested address|\\bport \\d+ (?:is|was) already in use"
                                + "|^connection in use: \\(",
                        "The port is already taken or the address is wrong: check for a second instance and the listen"
                                + " address.",
                        AGENT),
                // Connection failures that name neither a reason nor a database: weaker than the rules above.
                rule("net.connect-failed", NETWORK, HIGH,
                        "(?:could not|couldn't|unable to|failed to|cannot|can't) (?:connect|establish (?:a )?(?:new )?connection"
                                + "|open (?:a )?(?:channel|connection|socket) to)"
                                + "|\\b(?:tcp |socket |network )?connection (?:attempt )?failed|\\bconnection error\\b",
                        "A connection could not be made: check that the target runs, its address and port, and that both"
                                + " sides share a network.",
                        AGENT),
                rule("net.packets-dropped", NETWORK, HIGH,
                        "nf_conntrack: table full|dropping packet|possible syn flooding",
                        "The host drops connections (connection tracking table or listen queue full): raise"
                                + " nf_conntrack_max or the listen backlog, or reduce connection churn.",
                        AGENT),
                rule("net.http-5xx", NETWORK, MEDIUM,
                        "\\b50[234] (?:bad gateway|service (?:temporarily )?unavailable|gateway time-?out)\\b"
                                + "|\\bbad gateway\\b|\\bgateway time-?out\\b"
                                + "|\\b(?:status|code|status_code|statuscode)\\W{1,3}50[234]\\b"
                                + "|\\b(?:returned|received|got|responded with)\\W{1,3}50[234]\\b",
                        "A service answered 502/503/504: the service behind it is down, overloaded or too slow.",
                        AGENT),

                // ---- timeouts
                keywordRule("timeout.statement", TIMEOUT, MEDIUM,
                        "statement timeout|statement execution time|query timeout|query execution was interrupted",
                        "A query ran longer than its limit: optimise it (indexes, plan) or raise the limit.",
                        AGENT),
                rule("timeout.generic", TIMEOUT, MEDIUM,
                        "timed out|\\btime-?out (?:exceeded|expired|error|reached|occurred|waiting|while|after|of \\d)"
                                + "|\\b\\w*Timeout(?:Exception|Error)\\b|deadline[ _]?exceeded|(?-i:\\bETIMEDOUT\\b)|\\btime-?out:"
                                + "|\\btime-?out\\W*$|\\bworker timeout\\b",
                        "An operation timed out: check the health and load of what it waited for.",
                        AGENT),

                // ---- rate limiting
                rule("rate.limited", RATE_LIMITING, MEDIUM,
                        "\\b429 too many requests|too many requests|\\b(?:status|code|status_code|statuscode)\\W{1,3}429\\b"
                                + "|\\bthrottl(?:ed|ing)\\b|exceeded (?:your |the )?(?:request |rate |api )?(?:quota|rate limit)"
                                + "|rate[ -]?limit(?:ed|s)? (?:exceeded|reached|hit)|\\brate[ -]?limited\\b"
                                + "|requests? (?:was |were |are )?(?:being )?throttled|throttling request"
                                + "|limiting requests, excess|limiting connections by zone|quota exceeded|(?-i:\\bRESOURCE_EXHAUSTED\\b)",
                        "Requests are rate limited: slow the caller down (backoff), or raise the limit if the load is"
                                + " legitimate.",
                        AGENT),

                // ---- permission
                rule("perm.denied", PERMISSION, HIGH,
                        "permission denied|(?-i:\\bEACCES\\b)|operation not permitted|(?-i:\\bEPERM\\b)|AccessDeniedException"
                                + "|access (?:is )?denied|insufficient (?:permissions|privileges)|not authori[sz]ed to"
                                // Redis ACLs, MySQL grants, Mosquitto ACLs
                                + "|(?-i:\\bNOPERM\\b)|\\b\\w+ command denied to user\\b|\\bDenied (?:PUBLISH|SUBSCRIBE) from\\b"
                                + "|must be (?:owner|superuser)|permission to \\w+ denied",
                        "The process lacks a permission: check file ownership on volumes, the container's user, and"
                                + " granted privileges.",
                        AGENT),

                // ---- crashes: the process died; after the rules that name why
                rule("crash.segfault", CRASH, CRITICAL,
                        "segmentation fault|(?-i:\\bSIGSEGV\\b)|segfault|\\bsignal 11\\b|(?-i:\\bSIGBUS\\b)|\\bbus error\\b",
                        "The process crashed on a memory fault: collect the core dump or crash log and report it to the"
                                + " program's maintainers; check for native library mismatches.",
                        RESTART),
                rule("crash.abort", CRASH, CRITICAL,
                        "core dumped|(?-i:\\bSIGABRT\\b)|double free|stack smashing detected|corrupted (?:size|double-linked"
                                + "|top size)|free\\(\\): invalid pointer|assertion .{0,200} failed|\\bassertion failure\\b"
                                + "|terminate called (?:after throwing|without an active exception)",
                        "The process aborted: read the lines before the abort for the failed assertion or corruption.",
                        RESTART),
                keywordRule("crash.jvm-fatal-error", CRASH, CRITICAL, "fatal error has been detected",
                        "The JVM itself crashed: read the hs_err file it names; often a native library or JVM bug.",
                        RESTART),
                // Signals that ask a process to stop (HUP, INT, QUIT, TERM) are how containers are stopped: no crash.
                rule("crash.fatal-signal", CRASH, CRITICAL,
                        "fatal signal|(?:killed|terminated|exited|died|stopped) (?:by|on|due to|with|from) signal:? ?"
                                + "(?:[4-9]|1[0-1]|(?:SIG)?(?:KILL|SEGV|BUS|ILL|FPE|ABRT))\\b"
                                + "|received signal sig(?:segv|bus|ill|fpe|abrt)"
                                + "|(?-i:\\bSIGILL\\b)|(?-i:\\bSIGFPE\\b)|illegal instruction|floating point exception"
                                + "|: +\\d+ Killed\\s",
                        "The process died from a signal: find what sent it or which fault raised it (sample).",
                        RESTART),
                rule("crash.panic", CRASH, CRITICAL,
                        "^panic: |\\bpanic: |goroutine \\d+ \\[running\\]|thread '[^']*'(?: \\(\\d+\\))? panicked at"
                                + "|(?-i:^fatal error: )",
                        "The program panicked: the sample shows where; fix the code path (nil dereference, index out of"
                                + " range, ...).",
                        AGENT),
                // The BEAM's words for a process that crashed; the node goes on, the process's work does not.
                rule("crash.beam-process", CRASH, HIGH,
                        "^Error in process <[\\d.]+>(?: on node \\S+)? with exit value"
                                + "|\\b(?:Task #PID<[\\d.]+>|GenServer \\S+|gen_server \\S+|Process #PID<[\\d.]+>) .{0,200}\\bterminating\\b"
                                + "|\\bCRASH REPORT\\b|\\bgen_server \\S+ terminated with reason",
                        "An Erlang/Elixir process crashed (the report shows the reason and where): fix that code path;"
                                + " its supervisor, if any, restarted it.",
                        AGENT),
                rule("crash.sanitizer", CRASH, CRITICAL,
                        "\\bERROR: (?:HW)?(?:Address|Leak|Thread|Memory|UndefinedBehavior)Sanitizer\\b"
                                + "|^SUMMARY: \\w*Sanitizer\\b",
                        "A sanitizer caught a memory or threading bug and stopped the program: the report names the"
                                + " bad access and the line; fix the code there.",
                        RESTART),
                rule("crash.uncaught-exception", CRASH, HIGH,
                        "exception in thread \"|uncaught exception|unhandled exception|unhandled (?:promise )?rejection"
                                + "|UnhandledPromiseRejection|uncaughtException|^uncaught \\w+"
                                + "|^Traceback \\(most recent call last\\)"
                                // Ruby: "/app/app.rb:31:in `fetch': key not found: :amount (KeyError)"
                                + "|^\\S+:\\d+:in [`'][^'`]*': .* \\((?-i:[A-Z])[\\w:]*\\)$"
                                // Elixir: "** (ArithmeticError) bad argument"; escript and erl at boot
                                + "|^\\*\\* \\((?-i:[A-Z])[\\w.]*\\) |^escript: exception (?:error|exit|throw)\\b"
                                + "|\\binit terminating in do_boot\\b",
                        "An exception escaped the program (or a thread) and stopped it: handle or fix its cause, shown in"
                                + " the sample.",
                        AGENT),

                // Perl's own warnings end like its die messages (" at FILE line N."): the known wordings first.
                rule("perl.warning", APPLICATION_ERROR, LOW,
                        "^(?:Use of uninitialized value|Argument \"[^\"]*\" isn't numeric|Odd number of elements in"
                                + "|Useless use of|Name \"[^\"]+\" used only once|Deep recursion on|Subroutine \\S+ redefined"
                                + "|\\w+\\(\\) on closed filehandle|Wide character in)\\b.* at \\S+ line \\d+\\b",
                        "Perl warned about the program's data or code (the sample names the line): fix it before it"
                                + " turns into wrong results.",
                        AGENT,
                        Rule.Scope.UNLEVELLED),
                // Perl's die without a trailing newline: the message, then where it died.
                rule("crash.perl-die", CRASH, HIGH,
                        " at \\S+ line \\d+(?:, <[^>]*> (?:line|chunk) \\d+)?\\.$",
                        "A Perl program died (the sample says why and where): fix the cause it names.",
                        AGENT,
                        Rule.Scope.UNLEVELLED),

                rule("crash.process-exited", CRASH, HIGH,
                        "exited abnormally|terminated abnormally|(?:died|exited|terminated) unexpectedly"
                                + "|unexpectedly (?:died|exited|terminated)|exit status [1-9]\\d*; not expected"
                                + "|\\b(?:process|worker|child|subprocess|program)\\b.{0,80}\\bexited with (?:fatal )?(?:exit )?(?:code|status) [1-9]",
                        "A process inside the container stopped with a failure: read the lines before it for why, and"
                                + " whether its supervisor restarts it.",
                        AGENT),

                // ---- dependencies that are down
                rule("dep.circuit-open", DEPENDENCY, HIGH,
                        "circuit ?breaker .{0,60}\\bopen\\b|circuit (?:is )?open|CallNotPermittedException"
                                + "|breaker (?:is )?open|short-circuited",
                        "A circuit breaker opened because a dependency keeps failing: fix the dependency; the breaker"
                                + " closes by itself.",
                        AGENT),
                rule("dep.unavailable", DEPENDENCY, HIGH,
                        "service (?:is )?unavailable|ServiceUnavailable|\\bUNAVAILABLE:|code = Unavailable"
                                + "|(?:is|are|was) (?:currently )?unavailable|has no server available"
                                + "|dependency .{0,60}(?:unavailable|down)|no healthy upstream"
                                + "|no available (?:servers?|brokers?|nodes?|hosts?|instances?)|broker may not be available"
                                + "|NoNodeAvailable|NoHostAvailable|no reachable servers?",
                        "A service this one depends on is unavailable: check that dependency's state and logs.",
                        AGENT),

                // ---- performance (weak evidence; low severity)
                rule("perf.slow-query", PERFORMANCE, LOW,
                        "slow (?:query|statement|sql)|duration: \\d+(?:\\.\\d+)? ms\\s+(?:statement|execute)"
                                + "|query took \\d|long running query",
                        "A query is slow: look at its plan (EXPLAIN) and indexes.",
                        AGENT),
                rule("perf.latency", PERFORMANCE, LOW,
                        "high latency|latency .{0,40}(?:exceeded|above|over|too high)|slow (?:request|response|operation"
                                + "|call|handler|consumer|disk|fsync)|took too long|is taking too long|event loop (?:blocked"
                                + "|lag|delay)|blocked thread|thread \\S+ (?:has been )?blocked for|long gc pause"
                                + "|thread starvation|clock leap|exceeded (?:the )?(?:latency|slow) threshold"
                                + "|spent \\[[^\\]]+\\] collecting in the last"
                                + "|\\btook \\d+(?:\\.\\d+)? ?(?:ms|s|sec|seconds|milliseconds)\\b.{0,20}\\bthreshold\\b",
                        "Work is slower than expected: check the host's load, the service's resources and what it waits"
                                + " on.",
                        AGENT),

                // ---- an operation being retried: something it depends on is failing
                rule("dep.retrying", DEPENDENCY, LOW,
                        "\\bretr(?:ied|ying)\\b|\\bwill retry\\b|\\bretry(?:ing)? in \\d|\\bretry attempt\\b"
                                + "|\\battempt \\d+ (?:of|/) ?\\d+",
                        "An operation keeps being retried: find what it waits for (the lines before name it) before the"
                                + " retries run out.",
                        AGENT),

                // ---- exceptions: the error is named, its cause is not; a database driver's name at least says where
                rule("db.driver-exception", DATABASE, HIGH,
                        "\\b(?:org\\.springframework\\.(?:dao|jdbc)|java\\.sql|(?:javax|jakarta)\\.persistence|org\\.hibernate"
                                + "(?:\\.\\w+)*|sqlalchemy\\.exc|django\\.db\\.utils|psycopg2?(?:\\.errors)?|pymysql\\.err"
                                + "|MySQLdb|mysql\\.connector\\.errors|org\\.postgresql\\.util|redis\\.exceptions|pymongo\\.errors)"
                                + "\\.\\w+(?:Exception|Error)\\b|(?-i:\\b\\w*SQL\\w*Exception\\b|\\bMongo\\w*(?:Error|Exception)\\b"
                                + "|\\bSequelize\\w*Error\\b)",
                        "The database rejected an operation or the driver failed: the sample names the error; fix the"
                                + " query, the data or the connection settings it points to.",
                        AGENT),
                rule("exception.named", APPLICATION_EXCEPTION, HIGH,
                        "(?-i:\\b[A-Z][\\w$]*(?:Exception|Error))\\b(?::|\\s*$| in thread| at )",
                        "The application raised an exception: the sample names it; fix the code path or the input that"
                                + " causes it.",
                        AGENT),
                stackTraceRule(),

                // ---- wording only, for lines without a level: the weakest evidence, tried last
                rule("generic.error-wording", APPLICATION_ERROR, MEDIUM,
                        "^(?:error|err|fatal|critical|crit|emerg|alert|failure|failed|exception)\\b(?![_.\\-/=])"
                                + "|\\berror:\\s*\\S|\\bfailed to \\w|\\bunable to \\w|\\bfailure (?:in|of|to|while|during)\\b"
                                + "|\\berror (?:occurred|occured|while|during|processing|reading|writing|loading|connecting"
                                + "|handling)\\b|\\bunexpected error\\b",
                        "The program reports an error without a log level: read the sample and its context.",
                        AGENT,
                        Rule.Scope.UNLEVELLED));
    }

    /**
     * Patterns of messages that only say nothing went wrong. They silence WARN and unlevelled events; an
     * ERROR or FATAL event is trusted over them.
     */
    static List<Pattern> benignGuards() {
        return List.of(
                // errors=0, failed: 0, "errors":0, error_count=0, exceptions: none
                guard("\\b(?:errors?|failures?|failed|exceptions?|warnings?|err|fails?)(?:_?count)?\"?\\s*[:=]\\s*\"?"
                        + "(?:0+|none|null|nil|false|\\[\\]|\\{\\})(?![\\w.,]\\d|\\w)"),
                // 0 errors, no errors, zero failures, without errors
                guard("\\b(?:0|zero|no|without(?: any)?)\\s+(?:errors?|failures?|failed|exceptions?|problems?|issues?)\\b"),
                // shutdown completed, stopped cleanly, exited normally
                guard("\\b(?:shutdown|shut down|stopped|exited|terminated|finished)\\s+(?:is\\s+|was\\s+)?"
                        + "(?:complete|completed|successfully|cleanly|gracefully|normally)\\b"),
                // exit code 0, exited with status 0
                guard("\\bexit(?:ed)?(?: with)? (?:code|status)\\W{0,2}0\\b"),
                // configuration echoes: error_log /var/log/nginx/error.log, error_page 500, log_min_error_statement
                guard("\\berror[_-](?:log|page|pages|reporting|file|level|handler|threshold)\\b|\\b\\w+_error_\\w+"));
    }

    private static Pattern guard(String regex) {
        return Pattern.compile(regex, Pattern.CASE_INSENSITIVE);
    }

    private static Rule stackTraceRule() {
        return new Rule("exception.stack-trace", APPLICATION_EXCEPTION, HIGH, List.of(), (Pattern) null,
                Rule.Scope.STACK_TRACES,
                "The application logged a stack trace: the sample shows the exception and where it was thrown.",
                AGENT);
    }

    private static Rule rule(String id, Category category, Severity severity, String regex, String action, FixKind fix) {
        return rule(id, category, severity, regex, action, fix, Rule.Scope.EVENTS);
    }

    /**
     * A rule whose keyword prefilter is derived from its pattern ({@link Prefilter}): the keywords cannot
     * drift from the alternatives of the pattern, as hand-written lists did.
     */
    private static Rule rule(String id, Category category, Severity severity, String regex, String action, FixKind fix,
            Rule.Scope scope) {
        return new Rule(id, category, severity, Prefilter.keywords(regex), Pattern.compile(regex, Pattern.CASE_INSENSITIVE),
                scope, action, fix);
    }

    /** A rule that matches on its keywords alone (lower-case literals separated by '|'). */
    private static Rule keywordRule(String id, Category category, Severity severity, String keywords, String action,
            FixKind fix) {
        return new Rule(id, category, severity, List.of(keywords.split("\\|")), (Pattern) null, Rule.Scope.EVENTS, action, fix);
    }
}
