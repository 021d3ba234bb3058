#!/usr/bin/env bash
# Builds the test cluster's binaries from the Go module proxy into a per-version cache
# outside the repo, skipping whatever is already there:
#   ${TMC_TEST_CLUSTER_CACHE:-$HOME/.cache/tmc-test-cluster}/<k8s-version>/
#     etcd kube-apiserver kube-controller-manager kube-scheduler kwok
#     kubectl (the client the tests drive tmc's own Kubernetes API with)
# Versions come from the committed go.mod/go.sum in go/k8s and go/kwok, so every machine
# builds the same sources. Prints the binary directory as its last line.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
export GOTOOLCHAIN=local GOFLAGS="${GOFLAGS:--buildvcs=false} -mod=readonly"
command -v go >/dev/null || { echo "build.sh: Go (>= 1.26) is required: https://go.dev/dl/" >&2; exit 127; }

k8s_version="$(cd "$here/go/k8s" && go list -m -f '{{.Version}}' k8s.io/kubernetes)"
kwok_version="$(cd "$here/go/kwok" && go list -m -f '{{.Version}}' sigs.k8s.io/kwok)"
cache_root="${TMC_TEST_CLUSTER_CACHE:-$HOME/.cache/tmc-test-cluster}"
bin_dir="$cache_root/$k8s_version"
mkdir -p "$bin_dir"

# One build at a time per cache dir: `cluster:up` and the tap setup may race on a cold cache.
exec 9>"$bin_dir/.build.lock"
flock 9

# Two cores: more parallel compiles only add memory pressure. Override with TMC_GO_BUILD_P.
jobs="${TMC_GO_BUILD_P:-2}"
minor="${k8s_version#v1.}"; minor="${minor%%.*}"
build_date="$(date -u +%Y-%m-%dT%H:%M:%SZ)"
# Without these the servers report v0.0.0, which clients and version skew checks dislike.
version_flags=""
for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
  version_flags+=" -X $pkg.gitVersion=$k8s_version -X $pkg.gitMajor=1 -X $pkg.gitMinor=$minor"
  version_flags+=" -X $pkg.gitTreeState=clean -X $pkg.buildDate=$build_date"
done

build() { # build <module dir> <output name> <package> [extra ldflags]
  local dir="$1" name="$2" pkg="$3" ldflags="-s -w ${4:-}"
  if [ -x "$bin_dir/$name" ]; then echo "cached  $name"; return; fi
  local start=$SECONDS
  echo "build   $name ($pkg)"
  # Build to a temp name and rename, so an interrupted build never looks cached.
  (cd "$here/go/$dir" && go build -p "$jobs" -trimpath -ldflags "$ldflags" -o "$bin_dir/.$name.tmp" "$pkg")
  mv "$bin_dir/.$name.tmp" "$bin_dir/$name"
  echo "built   $name in $((SECONDS - start))s"
}

build k8s etcd ./cmd/etcd
build k8s kube-apiserver k8s.io/kubernetes/cmd/kube-apiserver "$version_flags"
build k8s kube-controller-manager k8s.io/kubernetes/cmd/kube-controller-manager "$version_flags"
build k8s kube-scheduler k8s.io/kubernetes/cmd/kube-scheduler "$version_flags"
build k8s kubectl k8s.io/kubernetes/cmd/kubectl "$version_flags"
build kwok kwok sigs.k8s.io/kwok/cmd/kwok "-X sigs.k8s.io/kwok/pkg/consts.Version=$kwok_version"

printf '{"kubernetes":"%s","kwok":"%s"}\n' "$k8s_version" "$kwok_version" > "$bin_dir/versions.json"
echo "$bin_dir"
