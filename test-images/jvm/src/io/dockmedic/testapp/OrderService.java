package io.dockmedic.testapp;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.concurrent.TimeoutException;
import java.util.logging.Level;
import java.util.logging.Logger;

/** A small order service whose faults are chosen on the command line, each a known number of times. */
public final class OrderService {

    static {
        // One line per record, the way most services configure java.util.logging.
        System.setProperty("java.util.logging.SimpleFormatter.format",
                "%1$tF %1$tT.%1$tL %4$s [%3$s] %5$s%6$s%n");
    }

    private static final Logger LOG = Logger.getLogger("orders");

    private OrderService() {
    }

    public static void main(String[] args) throws InterruptedException {
        int batches = intArg(args, "--batches", 5);
        int failures = intArg(args, "--order-failures", 0);
        int slow = intArg(args, "--slow", 0);
        boolean crash = has(args, "--crash");

        LOG.info("order service starting: retries=3, errors=0, failover disabled");
        for (int batch = 1; batch <= batches; batch++) {
            LOG.info("batch " + batch + " committed: 120 rows, errors=0, 0 failed");
        }
        LOG.info("health check ok: 0 failed checks, last error none");
        for (int n = 0; n < failures; n++) {
            int order = 1017 + 13 * n;
            try {
                reserve(order);
            } catch (IllegalStateException e) {
                LOG.log(Level.SEVERE, "order " + order + " failed", e);
            }
        }
        for (int n = 0; n < slow; n++) {
            LOG.warning("inventory lookup took " + (900 + 41 * n) + " ms (threshold 500 ms)");
        }
        if (crash) {
            LOG.info("reloading configuration");
            loadConfiguration("/etc/orders/orders.properties");
        }
        LOG.info("order service idle; errors=0");
        while (has(args, "--forever")) {
            Thread.sleep(5000);
            LOG.info("heartbeat: queue depth 0, 0 failed");
        }
    }

    private static void reserve(int order) {
        try {
            callInventory(order);
        } catch (TimeoutException e) {
            throw new IllegalStateException("could not reserve stock for order " + order, e);
        }
    }

    private static void callInventory(int order) throws TimeoutException {
        throw new TimeoutException("inventory did not answer within 3000 ms (order " + order + ")");
    }

    private static void loadConfiguration(String path) {
        try (InputStream in = new FileInputStream(path)) {
            in.read();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start: configuration unreadable",
                    new UncheckedIOException(e));
        }
    }

    private static int intArg(String[] args, String name, int fallback) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return Integer.parseInt(args[i + 1]);
            }
        }
        return fallback;
    }

    private static boolean has(String[] args, String name) {
        for (String arg : args) {
            if (arg.equals(name)) {
                return true;
            }
        }
        return false;
    }
}
