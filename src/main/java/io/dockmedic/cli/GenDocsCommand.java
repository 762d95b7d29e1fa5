package io.dockmedic.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.codegen.docgen.manpage.ManPageGenerator;

/** {@code dockmedic gen-docs DIR}: a man page of every command, in AsciiDoc (picocli's ManPageGenerator). */
@Command(name = "gen-docs", mixinStandardHelpOptions = true,
        description = {"Writes a man page for dockmedic and each of its commands into DIR, as AsciiDoc "
                + "(dockmedic.adoc, dockmedic-scan.adoc, ...), overwriting earlier ones.",
            "Turn them into man pages with:  asciidoctor -b manpage DIR/*.adoc"},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:written", "2:DIR cannot be created or written"})
public final class GenDocsCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "DIR", description = "Folder for the pages, created if missing.")
    Path dir;

    @Override
    public Integer call() {
        try {
            Files.createDirectories(dir);
            int written = ManPageGenerator.generateManPage(dir.toFile(), null, new boolean[0], true, spec.root());
            if (written != 0) {
                spec.commandLine().getErr().println("dockmedic: cannot write the man pages into " + dir);
                return 2;
            }
            try (var pages = Files.list(dir)) {
                spec.commandLine().getOut().println("dockmedic: wrote "
                        + pages.filter(p -> p.toString().endsWith(".adoc")).count() + " pages into " + dir);
            }
            return 0;
        } catch (IOException | UncheckedIOException e) {
            spec.commandLine().getErr().println("dockmedic: cannot write the man pages into " + dir + ": "
                    + e.getMessage());
            return 2;
        }
    }
}
