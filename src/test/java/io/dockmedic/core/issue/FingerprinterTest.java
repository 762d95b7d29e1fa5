package io.dockmedic.core.issue;

import static org.assertj.core.api.Assertions.assertThat;

import io.dockmedic.core.log.StackTrace;
import java.util.List;
import org.junit.jupiter.api.Test;

class FingerprinterTest {

    @Test
    void fingerprintIsSixteenHexCharactersAndStable() {
        Fingerprint a = Fingerprinter.ofTemplate("shop/db", "t-17", "password authentication failed for user <*>");
        Fingerprint b = Fingerprinter.ofTemplate("shop/db", "t-17", "password authentication failed for user <*>");
        assertThat(a.id()).matches("[0-9a-f]{16}").isEqualTo(b.id());
        assertThat(a.template()).isEqualTo("password authentication failed for user <*>");
    }

    @Test
    void sameTemplateInAnotherContainerIsAnotherIssue() {
        assertThat(Fingerprinter.ofTemplate("shop/db", "t-17", "x").id())
                .isNotEqualTo(Fingerprinter.ofTemplate("shop/replica", "t-17", "x").id());
    }

    @Test
    void stackTraceFingerprintIgnoresTheExceptionMessage() {
        StackTrace one = new StackTrace("java", "java.lang.IllegalStateException", "order 17 is closed",
                List.of("com.acme.Orders.close", "com.acme.Api.handle"));
        StackTrace two = new StackTrace("java", "java.lang.IllegalStateException", "order 99 is closed",
                List.of("com.acme.Orders.close", "com.acme.Api.handle"));
        Fingerprint a = Fingerprinter.ofStackTrace("shop/api", one);
        assertThat(a.id()).isEqualTo(Fingerprinter.ofStackTrace("shop/api", two).id());
        assertThat(a.template()).isEqualTo("java.lang.IllegalStateException at com.acme.Orders.close");
    }

    @Test
    void stackTraceFromAnotherCallSiteIsAnotherIssue() {
        StackTrace one = new StackTrace("java", "java.lang.NullPointerException", "", List.of("com.acme.A.run"));
        StackTrace two = new StackTrace("java", "java.lang.NullPointerException", "", List.of("com.acme.B.run"));
        assertThat(Fingerprinter.ofStackTrace("api", one).id()).isNotEqualTo(Fingerprinter.ofStackTrace("api", two).id());
    }

    @Test
    void kindsNeverCollideEvenWithEqualText() {
        assertThat(Fingerprinter.ofTemplate("api", "state.dead", "x").id())
                .isNotEqualTo(Fingerprinter.ofCondition("api", "state.dead", "x").id());
    }
}
