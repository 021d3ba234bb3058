// Command etcd is the etcd server, built from the same module graph as Kubernetes.
//
// go.etcd.io/etcd/server/v3 has local replace directives, so `go install` refuses it; a
// main package in our own module that calls etcdmain.Main builds the real server instead,
// at the etcd version that k8s.io/kubernetes itself pins.
package main

import (
	"os"

	"go.etcd.io/etcd/server/v3/etcdmain"
)

func main() {
	etcdmain.Main(os.Args)
}
