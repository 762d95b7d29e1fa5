// Command goapp is a small cache-sync worker whose faults are chosen with flags, each a known
// number of times. It logs logfmt lines with lower-case levels (level=info, level=error), the
// way logrus and slog's text handler do; only the standard library of Go 1.19 is used, so
// Debian's golang-go can build it too.
package main

import (
	"flag"
	"fmt"
	"os"
	"strings"
	"time"
)

// logf writes one logfmt line: time, level, msg, then key/value pairs.
func logf(level, msg string, kv ...interface{}) {
	var b strings.Builder
	b.WriteString("time=" + time.Now().Format("2006-01-02T15:04:05.000Z07:00"))
	b.WriteString(" level=" + level + " msg=" + quote(msg))
	for i := 0; i+1 < len(kv); i += 2 {
		b.WriteString(fmt.Sprintf(" %v=%s", kv[i], quote(fmt.Sprint(kv[i+1]))))
	}
	fmt.Fprintln(os.Stdout, b.String())
}

func quote(s string) string {
	if strings.ContainsAny(s, " =\"") {
		return fmt.Sprintf("%q", s)
	}
	return s
}

func main() {
	batches := flag.Int("batches", 5, "benign batches (INFO noise)")
	syncErrors := flag.Int("sync-errors", 0, "level=error lines for failed syncs")
	warnings := flag.Int("warnings", 0, "level=warn lines for retried syncs")
	panicAtEnd := flag.Bool("panic", false, "end with a runtime panic (exit 2)")
	allocMiB := flag.Int("alloc-mib", 0, "allocate and touch this many MiB, then sleep (for OOM tests)")
	forever := flag.Bool("forever", false, "keep logging benign lines afterwards")
	flag.Parse()

	logf("info", "cache sync starting", "peers", 3, "errors", 0)
	for b := 1; b <= *batches; b++ {
		logf("info", "sync round complete", "round", b, "keys", 512, "failed", 0, "errors", 0)
	}
	for n := 0; n < *syncErrors; n++ {
		logf("error", "sync with peer failed", "peer", "cache-a",
			"attempt", n+1, "err", "dial tcp 127.0.0.1:7000: connect: connection refused")
	}
	for n := 0; n < *warnings; n++ {
		logf("warn", "sync retried", "attempt", n+1, "backoff", time.Duration(200*(n+1))*time.Millisecond)
	}
	if *allocMiB > 0 {
		logf("info", "warming cache", "mib", *allocMiB)
		blocks := make([][]byte, 0, *allocMiB)
		for i := 0; i < *allocMiB; i++ {
			block := make([]byte, 1<<20)
			for j := range block {
				block[j] = byte(j)
			}
			blocks = append(blocks, block)
		}
		logf("info", "cache warm", "blocks", len(blocks))
		time.Sleep(time.Hour)
	}
	if *panicAtEnd {
		peers := []string{"cache-a", "cache-b", "cache-c"}
		logf("info", "rebalancing", "peers", len(peers))
		rebalance(peers, 5)
	}
	logf("info", "cache sync idle", "errors", 0)
	for *forever {
		time.Sleep(5 * time.Second)
		logf("info", "heartbeat", "failed", 0)
	}
}

// rebalance indexes past the end of peers when owner is out of range: the injected panic.
func rebalance(peers []string, owner int) string {
	return peers[owner]
}
