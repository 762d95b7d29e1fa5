package io.dockmedic.core.mining;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MaskerTest {

    private final Masker masker = new Masker();

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            Connection from 10.0.0.12 port 5432                | Connection from <IP> port <NUM>
            peer 10.10.34.11:45307 closed                      | peer <IP>:<NUM> closed
            rhost=218.188.2.4 user=root                        | rhost=<IP> user=root
            session opened by (uid=0)                          | session opened by (uid=<NUM>)
            request 123e4567-e89b-12d3-a456-426614174000 done  | request <UUID> done
            session 0x14ede63a5a70000 expired                  | session <HEX> expired
            commit 9fceb02d0ae598e95dc970b74767f19372d61af8    | commit <HEX>
            cannot open /var/lib/postgresql/data/pg_hba.conf   | cannot open <PATH>
            took 25ms total                                    | took <DURATION> total
            heap 512MB used                                    | heap <SIZE> used
            at 18:01:47,978 and 9:05                           | at <TS> and <TS>
            on 2015-10-18 or 17/06/09                          | on <TS> or <TS>
            fetching https://example.org/a?b=1 failed          | fetching <URL> failed
            link fe80::1ff:fe23:4567:890a down                 | link <IP> down
            block blk_-6952295868487656571 of size 67108864.   | block <*> of size <NUM>.
            ratio -1.5e-3 reached                              | ratio <NUM> reached
            user "bob smith" not found                         | user "bob smith" not found
            table 'orders', retrying                           | table 'orders', retrying
            user 'bob smith', retrying                         | user 'bob smith', retrying
            proxy for "GET /api/orders/42 HTTP/1.1" failed      | proxy for "GET <PATH> <*>" failed
            waited "5 seconds" for "job 42"                    | waited "<DURATION>" for "job <NUM>"
            ts=2026-12-02T10:00:00.125Z step done              | ts=<TS> step done
            size 5.2 KB, free 317 KB                           | size <SIZE>, free <SIZE>
            took 30 seconds                                    | took <DURATION>
            sent 1190 bytes (1.16 KB), got (3.90 MB)           | sent <SIZE>, got (<SIZE>)
            sent 4090387 bytes (3.90 MB) total                  | sent <SIZE> total
            exit 1 (2 KB) left                                 | exit <NUM> (<SIZE>) left
            lifetime <1 sec, retry in [30 s]                   | lifetime <<DURATION>, retry in [<DURATION>]
            attempt=3 of 5                                     | attempt=<NUM> of <NUM>
            connection at Sat Jun 25 09:20:24 2005 closed      | connection at <TS> closed
            to delete  blk_1 blk_2 blk_3                       | to delete <*>
            it's the user's fault                              | it's the user's fault
            Too many   spaces	and tabs                       | Too many spaces and tabs
            """)
    void masksVariablePartsWithTypedPlaceholders(String message, String masked) {
        assertThat(masker.mask(message)).isEqualTo(masked);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            database system is ready to accept connections
            Ready to accept connections tcp
            FATAL: password authentication failed for user postgres
            """)
    void leavesConstantWordsAlone(String message) {
        assertThat(masker.mask(message)).isEqualTo(message);
    }

    @org.junit.jupiter.api.Test
    void capsTokensAndLongBlobsSoHugeLinesStayBounded() {
        Masker small = new Masker(new MinerSettings(10, 4, 16));
        assertThat(small.mask("a b c d e f g")).isEqualTo("a b c <*>");
        assertThat(small.mask("key " + "x".repeat(10_000))).isEqualTo("key <*>");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            "Failed to update lease" err="Put \\"https://10.96.0.1:443/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases/node-1?timeout=10s\\": context deadline exceeded" | Failed to update lease err="Put \\"<URL>\\": context deadline exceeded"
            E1203 10:15:02.123456       1 leaderelection.go:330] "Failed to update lease" err="etcdserver: request timed out" | Failed to update lease err="etcdserver: request timed out"
            I1203 10:15:02.123456       1 event.go:294] "Event occurred" object="default/web-7c9" reason="Killing" | Event occurred object="<*>" reason="Killing"
            level=error ts=2026-12-02T10:00:00Z caller=main.go:42 msg="connection refused" addr=10.0.0.5:5432 | connection refused level=error ts=<TS> caller=main.go:<NUM> addr=<IP>:<NUM>
            {"level":"error","ts":1701511200.123,"msg":"listen failed","addr":":8080","error":"address already in use"} | listen failed level=error ts=<NUM> addr=:<NUM> error="address already in use"
            {"message":"payment declined","order":{"id":17}} | payment declined order={"id":<NUM>}
            "bob smith" logged in                             | "bob smith" logged in
            {not json at all                                  | {not json at all
            """)
    void structuredLinesShowTheirMessageFirstAndTheContextAfterIt(String line, String masked) {
        assertThat(masker.mask(line)).isEqualTo(masked);
    }
}
