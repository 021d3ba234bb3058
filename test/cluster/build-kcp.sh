#!/usr/bin/env bash
# Builds kcp (its cmd/kcp, with the embedded etcd) from the Go module proxy into a per-version
# cache beside the Kubernetes binaries, skipping it when already there:
#   ${TMC_TEST_CLUSTER_CACHE:-$HOME/.cache/tmc-test-cluster}/kcp-<kcp-version>/kcp
# The version comes from the committed go.mod/go.sum in go/kcp (see go/gen-kcp-gomod.sh).
# Prints the binary directory as its last line.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
export GOTOOLCHAIN=local GOFLAGS="${GOFLAGS:--buildvcs=false} -mod=readonly"
# kcp's own release builds are static; so is this one.
export CGO_ENABLED=0
command -v go >/dev/null || { echo "build-kcp.sh: Go (>= 1.25) is required: https://go.dev/dl/" >&2; exit 127; }

mod_dir="$here/go/kcp"
kcp_version="$(cd "$mod_dir" && go list -m -f '{{.Version}}' github.com/kcp-dev/kcp)"
k8s_version="$(cd "$mod_dir" && go list -m -f '{{.Version}}' k8s.io/kubernetes)"
cache_root="${TMC_TEST_CLUSTER_CACHE:-$HOME/.cache/tmc-test-cluster}"
bin_dir="$cache_root/kcp-$kcp_version"
mkdir -p "$bin_dir"

# Its own lock: a Kubernetes build in the same cache holds the lock of its own version dir.
exec 9>"$bin_dir/.build.lock"
flock 9

if [ -x "$bin_dir/kcp" ]; then
  echo "cached  kcp"
else
  jobs="${TMC_GO_BUILD_P:-2}"
  minor="${k8s_version#v1.}"; minor="${minor%%.*}"
  build_date="$(date -u +%Y-%m-%dT%H:%M:%SZ)"
  # The version string kcp's Makefile stamps: the Kubernetes base plus the kcp tag.
  ldflags="-s -w"
  for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
    ldflags+=" -X $pkg.gitVersion=$k8s_version+kcp-$kcp_version -X $pkg.gitMajor=1 -X $pkg.gitMinor=$minor"
    ldflags+=" -X $pkg.gitTreeState=clean -X $pkg.buildDate=$build_date"
  done
  start=$SECONDS
  echo "build   kcp (github.com/kcp-dev/kcp/cmd/kcp $kcp_version)"
  # Build to a temp name and rename, so an interrupted build never looks cached.
  (cd "$mod_dir" && go build -p "$jobs" -trimpath -ldflags "$ldflags" -o "$bin_dir/.kcp.tmp" \
    github.com/kcp-dev/kcp/cmd/kcp)
  mv "$bin_dir/.kcp.tmp" "$bin_dir/kcp"
  echo "built   kcp in $((SECONDS - start))s"
fi

printf '{"kcp":"%s","kubernetes":"%s"}\n' "$kcp_version" "$k8s_version" > "$bin_dir/versions.json"
echo "$bin_dir"
