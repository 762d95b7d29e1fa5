package io.dockmedic.ship;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The Dockerfile's defaults, which a plain {@code docker build .} uses without scripts/image.sh. */
class DockerfileTest {

    private static String read(String file) throws IOException {
        return Files.readString(Path.of(file), StandardCharsets.UTF_8);
    }

    private static String first(String text, String regex) {
        Matcher m = Pattern.compile(regex, Pattern.MULTILINE).matcher(text);
        assertThat(m.find()).as("%s in the text", regex).isTrue();
        return m.group(1);
    }

    @Test
    void theVersionLabelsDefaultIsThePomsVersion() throws IOException {
        assertThat(first(read("Dockerfile"), "^ARG VERSION=(\\S+)$"))
                .isEqualTo(first(read("pom.xml"), "^  <version>(.+)</version>$"));
    }

    @Test
    void theDefaultBasesAreTheOfficialMavenAndTemurinImages() throws IOException {
        String dockerfile = read("Dockerfile");
        assertThat(first(dockerfile, "^ARG BUILD_IMAGE=(\\S+)$")).startsWith("maven:").contains("eclipse-temurin-17");
        assertThat(first(dockerfile, "^ARG RUNTIME_IMAGE=(\\S+)$")).startsWith("eclipse-temurin:17-jre");
    }

    @Test
    void theLicenceLabelThePomAndTheLicenseFileSayTheSame() throws IOException {
        String spdx = first(read("Dockerfile"), "^ARG LICENSE=(\\S+)$");
        assertThat(spdx).isEqualTo("Apache-2.0");
        assertThat(first(read("pom.xml"), "<license>\\s*<name>(.+)</name>")).isEqualTo(spdx);
        assertThat(read("LICENSE")).contains("Apache License", "Version 2.0, January 2004",
                "TERMS AND CONDITIONS FOR USE, REPRODUCTION, AND DISTRIBUTION");
        assertThat(read(".dockerignore")).as("the image carries the licence").contains("!LICENSE");
        assertThat(Path.of("src/test/resources/loghub/LICENSE")).as("the Loghub samples keep their own notice")
                .content().contains("LICENSE OF LOGHUB");
    }

    @Test
    void theImageRunsAsANonRootUser() throws IOException {
        assertThat(first(read("Dockerfile"), "^USER (\\S+)$")).doesNotStartWith("0").doesNotStartWith("root");
    }
}
