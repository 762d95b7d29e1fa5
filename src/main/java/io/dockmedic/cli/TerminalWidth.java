package io.dockmedic.cli;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/** The width of the user's terminal, for tables: {@code $COLUMNS}, else {@code stty size}, else 120. */
final class TerminalWidth {

    static final int FALLBACK = 120;

    private TerminalWidth() {
    }

    static int detect(boolean interactive) {
        String columns = System.getenv("COLUMNS");
        if (columns != null) {
            try {
                int width = Integer.parseInt(columns.trim());
                if (width > 0) {
                    return width;
                }
            } catch (NumberFormatException e) {
                // fall back to asking the terminal
            }
        }
        if (!interactive) {
            return FALLBACK;
        }
        try {
            Process stty = new ProcessBuilder("stty", "size").redirectInput(new File("/dev/tty"))
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            if (!stty.waitFor(1, TimeUnit.SECONDS)) {
                stty.destroy();
                return FALLBACK;
            }
            String[] size = new String(stty.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim().split("\\s+");
            return size.length == 2 ? Integer.parseInt(size[1]) : FALLBACK;
        } catch (IOException | NumberFormatException e) {
            return FALLBACK;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return FALLBACK;
        }
    }
}
