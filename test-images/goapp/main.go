// Command goapp is a small cache-sync worker whose faults are chosen with flags, each a known
// number of times. It logs logfmt lines with lower-case levels (level=info, level=error).
package main

import (
	"context"
	"flag"
	"log/slog"
	"os"
	"strings"
	"time"
)

func main() {
	batches := flag.Int("batches", 5, "benign batches (INFO noise)")
	syncErrors := flag.Int("sync-errors", 0, "level=error lines for failed syncs")
	warnings := flag.Int("warnings", 0, "level=warn lines for retried syncs")
	panicAtEnd := flag.Bool("panic", false, "end with a runtime panic (exit 2)")
	allocMiB := flag.Int("alloc-mib", 0, "allocate and touch this many MiB, then sleep (for OOM tests)")
	forever := flag.Bool("forever", false, "keep logging benign lines afterwards")
	flag.Parse()

	logger := slog.New(slog.NewTextHandler(os.Stdout, &slog.HandlerOptions{
		ReplaceAttr: func(_ []string, a slog.Attr) slog.Attr {
			if a.Key == slog.LevelKey {
				return slog.String(slog.LevelKey, strings.ToLower(a.Value.String()))
			}
			return a
		},
	}))
	ctx := context.Background()

	logger.Info("cache sync starting", "peers", 3, "errors", 0)
	for b := 1; b <= *batches; b++ {
		logger.Info("sync round complete", "round", b, "keys", 512, "failed", 0, "errors", 0)
	}
	for n := 0; n < *syncErrors; n++ {
		logger.ErrorContext(ctx, "sync with peer failed", "peer", "cache-a",
			"attempt", n+1, "err", "dial tcp 127.0.0.1:7000: connect: connection refused")
	}
	for n := 0; n < *warnings; n++ {
		logger.Warn("sync retried", "attempt", n+1, "backoff", time.Duration(200*(n+1))*time.Millisecond)
	}
	if *allocMiB > 0 {
		logger.Info("warming cache", "mib", *allocMiB)
		blocks := make([][]byte, 0, *allocMiB)
		for i := 0; i < *allocMiB; i++ {
			block := make([]byte, 1<<20)
			for j := range block {
				block[j] = byte(j)
			}
			blocks = append(blocks, block)
		}
		logger.Info("cache warm", "blocks", len(blocks))
		time.Sleep(time.Hour)
	}
	if *panicAtEnd {
		peers := []string{"cache-a", "cache-b", "cache-c"}
		logger.Info("rebalancing", "peers", len(peers))
		rebalance(peers, 5)
	}
	logger.Info("cache sync idle", "errors", 0)
	for *forever {
		time.Sleep(5 * time.Second)
		logger.Info("heartbeat", "failed", 0)
	}
}

// rebalance indexes past the end of peers when owner is out of range: the injected panic.
func rebalance(peers []string, owner int) string {
	return peers[owner]
}
