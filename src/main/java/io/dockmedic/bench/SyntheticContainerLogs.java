package io.dockmedic.bench;

import io.dockmedic.core.container.ContainerInfo;
import io.dockmedic.core.container.ContainerRuntime;
import io.dockmedic.core.container.ContainerState;
import io.dockmedic.core.log.LogCursor;
import io.dockmedic.core.log.LogLine;
import io.dockmedic.core.log.LogStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * An in-memory container runtime whose containers write a realistic, deterministic mix of log lines:
 * nginx access and error lines, a Spring service with stack traces, PostgreSQL, Redis, a Node service
 * logging JSON and a Go service logging logfmt; about one line in twelve is a warning or an error.
 * Lines are generated as they are read, so the log itself takes no heap.
 */
public final class SyntheticContainerLogs implements ContainerRuntime {

    private static final Instant START = Instant.parse("2025-03-01T00:00:00Z");
    private static final DateTimeFormatter ISO = DateTimeFormatter.ISO_INSTANT;
    private static final DateTimeFormatter SPRING =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter NGINX_ACCESS =
            DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter NGINX_ERROR =
            DateTimeFormatter.ofPattern("yyyy/MM/dd HH:mm:ss", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter REDIS =
            DateTimeFormatter.ofPattern("dd MMM yyyy HH:mm:ss.SSS", Locale.ROOT).withZone(ZoneOffset.UTC);

    private static final String[] USERS = {"alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi",
        "ivan", "judy", "mallory", "niaj", "olivia", "peggy", "rupert", "sybil", "trent", "victor", "walter"};
    private static final String[] PATHS = {"/api/orders", "/api/users", "/api/cart", "/health", "/metrics",
        "/static/app.js", "/static/style.css", "/api/search", "/login", "/api/payments"};
    private static final String[] AGENTS = {"Mozilla/5.0 (X11; Linux x86_64) Gecko/20100101 Firefox/125.0",
        "curl/8.5.0", "Go-http-client/1.1", "kube-probe/1.29", "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_4)"};
    private static final String[] TABLES = {"orders", "users", "cart_items", "payments", "sessions"};

    /** The kinds of service a synthetic container runs, with their share of the lines in percent. */
    private enum Service {
        NGINX(30), SPRING(22), NODE(18), GO(12), POSTGRES(12), REDIS(6);

        final int share;

        Service(int share) {
            this.share = share;
        }
    }

    private final long totalLines;
    private final List<ContainerInfo> containers;

    /** Six containers, one per service, writing {@code totalLines} lines between them. */
    public SyntheticContainerLogs(long totalLines) {
        this.totalLines = totalLines;
        ContainerState running = new ContainerState("running", 0, false, 0, null, 0, null, START, null, null);
        this.containers = java.util.Arrays.stream(Service.values())
                .map(s -> new ContainerInfo("c-" + s.name().toLowerCase(Locale.ROOT),
                        "shop-" + s.name().toLowerCase(Locale.ROOT) + "-1", "shop/" + s.name().toLowerCase(Locale.ROOT),
                        Map.of(ContainerInfo.COMPOSE_PROJECT, "shop",
                                ContainerInfo.COMPOSE_SERVICE, s.name().toLowerCase(Locale.ROOT)),
                        running))
                .toList();
    }

    @Override
    public List<ContainerInfo> listContainers() {
        return containers;
    }

    @Override
    public LogCursor readLogs(ContainerInfo container, LogCursor from, Consumer<LogLine> sink) {
        Service service = Service.values()[containers.indexOf(container)];
        long lines = linesOf(service);
        Writer writer = new Writer(service, new SplittableRandom(service.ordinal() * 7919L + 17));
        Instant last = from.position();
        for (long i = 0; i < lines; i++) {
            Instant at = START.plusMillis(i * 3 + service.ordinal());
            for (String text : writer.next(at)) {
                LogLine line = new LogLine(at, LogStream.STDOUT, text);
                if (from.admits(line)) {
                    sink.accept(line);
                    last = at;
                }
            }
        }
        return LogCursor.startingAt(last.plusNanos(1));
    }

    /** Lines the given container writes: its share of the total, stack-trace frames included. */
    private long linesOf(Service service) {
        return totalLines * service.share / 100;
    }

    /** All lines and their UTF-8 bytes, generated once without keeping them: the figures of a pass. */
    public long[] countLinesAndBytes() {
        long[] counts = new long[2];
        for (ContainerInfo c : containers) {
            readLogs(c, LogCursor.startingAt(Instant.EPOCH), line -> {
                counts[0]++;
                counts[1] += line.text().getBytes(StandardCharsets.UTF_8).length + 1;
            });
        }
        return counts;
    }

    /** Writes one service's lines. */
    private static final class Writer {
        private final Service service;
        private final SplittableRandom random;
        private long seq;

        Writer(Service service, SplittableRandom random) {
            this.service = service;
            this.random = random;
        }

        /** The next logical line; an error with a stack trace comes with its frames. */
        String[] next(Instant at) {
            seq++;
            int roll = random.nextInt(1000);
            switch (service) {
                case NGINX:
                    return new String[] {nginx(at, roll)};
                case SPRING:
                    return spring(at, roll);
                case NODE:
                    return new String[] {node(at, roll)};
                case GO:
                    return new String[] {go(at, roll)};
                case POSTGRES:
                    return postgres(at, roll);
                default:
                    return new String[] {redis(at, roll)};
            }
        }

        private String ip() {
            return "172.18." + random.nextInt(4) + "." + (2 + random.nextInt(250));
        }

        private String user() {
            return USERS[random.nextInt(USERS.length)];
        }

        private String nginx(Instant at, int roll) {
            if (roll < 40) {
                String path = PATHS[random.nextInt(PATHS.length)];
                return NGINX_ERROR.format(at) + " [error] 29#29: *" + seq + " connect() failed (111: Connection refused)"
                        + " while connecting to upstream, client: " + ip() + ", server: _, request: \"GET " + path
                        + " HTTP/1.1\", upstream: \"http://172.18.0.7:8080" + path + "\", host: \"shop.local\"";
            }
            int status = roll < 70 ? 502 : roll < 110 ? 404 : roll < 130 ? 304 : 200;
            String path = PATHS[random.nextInt(PATHS.length)] + (random.nextInt(3) == 0 ? "/" + random.nextInt(100000) : "");
            return ip() + " - - [" + NGINX_ACCESS.format(at) + "] \"" + (roll % 5 == 0 ? "POST" : "GET") + " " + path
                    + " HTTP/1.1\" " + status + " " + random.nextInt(20000) + " \"-\" \""
                    + AGENTS[random.nextInt(AGENTS.length)] + "\"";
        }

        private String[] spring(Instant at, int roll) {
            String head = SPRING.format(at) + " ";
            String thread = " 1 --- [nio-8080-exec-" + (1 + random.nextInt(10)) + "] ";
            if (roll < 25) {
                return new String[] {
                    head + "ERROR" + thread + "o.a.c.c.C.[.[.[/].[dispatcherServlet]    : Servlet.service() for servlet"
                            + " [dispatcherServlet] threw exception",
                    "org.springframework.dao.DataAccessResourceFailureException: Unable to acquire JDBC Connection;"
                            + " nested exception is java.net.ConnectException: Connection refused",
                    "\tat org.springframework.orm.jpa.vendor.HibernateJpaDialect.convertHibernateAccessException"
                            + "(HibernateJpaDialect.java:275)",
                    "\tat com.example.shop.OrderService.placeOrder(OrderService.java:" + (80 + random.nextInt(3)) + ")",
                    "\tat com.example.shop.OrderController.create(OrderController.java:41)",
                    "Caused by: java.net.ConnectException: Connection refused",
                    "\tat java.base/sun.nio.ch.Net.connect0(Native Method)",
                    "\t... 87 common frames omitted"};
            }
            if (roll < 60) {
                return new String[] {head + " WARN" + thread + "c.e.shop.PaymentClient                   : payment "
                        + "gateway slow: " + (800 + random.nextInt(4000)) + " ms for order " + (100000 + seq)};
            }
            if (roll < 75) {
                return new String[] {head + "ERROR" + thread + "c.e.shop.CheckoutService                 : Checkout "
                        + "failed for user " + user() + ": insufficient stock for item " + random.nextInt(5000)};
            }
            return new String[] {head + " INFO" + thread + "c.e.shop.OrderController                 : Created order "
                    + (100000 + seq) + " for customer " + user() + " in " + random.nextInt(200) + " ms"};
        }

        private String node(Instant at, int roll) {
            String level = roll < 20 ? "error" : roll < 50 ? "warn" : "info";
            String msg = roll < 20 ? "Unhandled rejection: Error: getaddrinfo ENOTFOUND cache-" + random.nextInt(3)
                    : roll < 50 ? "Cache miss for session " + Long.toHexString(random.nextLong())
                    : "request completed";
            return "{\"level\":\"" + level + "\",\"time\":" + at.toEpochMilli() + ",\"pid\":1,\"hostname\":\"web-"
                    + Long.toHexString(seq % 7) + "\",\"reqId\":\"req-" + Long.toString(seq, 36) + "\",\"req\":"
                    + "{\"method\":\"GET\",\"url\":\"" + PATHS[random.nextInt(PATHS.length)] + "\"},\"responseTime\":"
                    + random.nextInt(300) + ",\"msg\":\"" + msg + "\"}";
        }

        private String go(Instant at, int roll) {
            if (roll < 30) {
                return "time=" + ISO.format(at) + " level=error msg=\"publish failed\" topic=orders.created"
                        + " err=\"dial tcp " + ip() + ":9092: i/o timeout\" attempt=" + (1 + random.nextInt(5));
            }
            if (roll < 80) {
                return "time=" + ISO.format(at) + " level=warn msg=\"slow consumer\" lag=" + random.nextInt(10000)
                        + " partition=" + random.nextInt(12);
            }
            return "time=" + ISO.format(at) + " level=info msg=\"message handled\" id=" + java.util.UUID
                    .nameUUIDFromBytes(Long.toString(seq).getBytes(StandardCharsets.UTF_8)) + " took="
                    + random.nextInt(50) + "ms";
        }

        private String[] postgres(Instant at, int roll) {
            String head = SPRING.format(at) + " UTC [" + (100 + random.nextInt(900)) + "] ";
            if (roll < 30) {
                String table = TABLES[random.nextInt(TABLES.length)];
                return new String[] {
                    head + "ERROR:  duplicate key value violates unique constraint \"" + table + "_pkey\"",
                    head + "DETAIL:  Key (id)=(" + random.nextInt(1000000) + ") already exists.",
                    head + "STATEMENT:  INSERT INTO " + table + " (id, created_at) VALUES ($1, $2)"};
            }
            if (roll < 45) {
                return new String[] {head + "FATAL:  password authentication failed for user \"" + user() + "\""};
            }
            if (roll < 60) {
                return new String[] {head + "LOG:  checkpoint complete: wrote " + random.nextInt(5000) + " buffers ("
                        + random.nextInt(100) + ".1%); 0 WAL file(s) added, 0 removed, 1 recycled; write="
                        + random.nextInt(30) + ".017 s, sync=0.002 s, total=" + random.nextInt(30) + ".031 s"};
            }
            return new String[] {head + "LOG:  connection received: host=" + ip() + " port=" + (30000 + random.nextInt(30000))};
        }

        private String redis(Instant at, int roll) {
            String head = "1:M " + REDIS.format(at) + " ";
            if (roll < 30) {
                return head + "# WARNING: Memory overcommit must be enabled! Without it, a background save or"
                        + " replication may fail under low memory condition.";
            }
            if (roll < 500) {
                return head + "* " + (1 + random.nextInt(100)) + " changes in 60 seconds. Saving...";
            }
            return head + "* Background saving started by pid " + (1000 + random.nextInt(9000));
        }
    }
}
