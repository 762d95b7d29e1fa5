// Command etcd is upstream etcd's server entry point, built from its published Go module so
// dockmedic's local control plane needs no downloaded release archive.
package main

import (
	"os"

	"go.etcd.io/etcd/server/v3/etcdmain"
)

func main() {
	etcdmain.Main(os.Args)
}
