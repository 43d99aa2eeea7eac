#!/usr/bin/env bash
# A real kube-apiserver and etcd for the deploy tests, built once from the Go module proxy.
# Usage: kube.sh [KUBERNETES_VERSION] [ETCD_VERSION]
#   defaults: Kubernetes v1.33.13 (within kubectl 1.32's skew, has native sidecars) and the etcd
#   release that Kubernetes version pins in its go.mod (v3.5.21).
# Prints the folder holding `kube-apiserver` and `etcd` on its last stdout line.
source "$(dirname "$0")/lib.sh"
KUBE_VERSION="${1:-v1.33.13}"
ETCD_VERSION="${2:-v3.5.21}"
bin_dir="$CLAWBENCH_CACHE/kube-$KUBE_VERSION/bin"
prefix="$CLAWBENCH_CACHE/kube-$KUBE_VERSION"

if [ -f "$prefix/.complete" ]; then
  echo "$bin_dir"
  exit 0
fi

command -v go >/dev/null || { log "go is not on PATH; install Go >= 1.24 to build kube-apiserver"; exit 1; }

# Staging modules (k8s.io/api, k8s.io/apiserver, ...) are tagged v0.<minor>.<patch> for v1.<minor>.<patch>.
staging_version="v0.${KUBE_VERSION#v1.}"
work="$(mktemp -d "${TMPDIR:-/tmp}/clawbench-kube-build.XXXXXX")"
trap 'rm -rf "$work"' EXIT
export GOFLAGS="-mod=mod -buildvcs=false"
export GOTOOLCHAIN=local
export CGO_ENABLED=0
started=$(date +%s)

# k8s.io/kubernetes points every staging module at ./staging/src via replace directives, which only
# apply when it is the main module. A throwaway wrapper module restates them as proxy versions.
log "reading k8s.io/kubernetes@$KUBE_VERSION go.mod"
kube_gomod="$(cd "$work" && go mod download -json "k8s.io/kubernetes@$KUBE_VERSION" | sed -n 's/^\s*"GoMod": "\(.*\)",$/\1/p')"
[ -f "$kube_gomod" ] || { log "could not download k8s.io/kubernetes@$KUBE_VERSION from the Go module proxy"; exit 1; }
staging_modules="$(sed -n 's#^\s*\(k8s\.io/[a-z0-9-]*\) => \./staging/src/.*#\1#p' "$kube_gomod")"
[ -n "$staging_modules" ] || { log "no staging replace directives found in $kube_gomod"; exit 1; }

rm -rf "$prefix.partial"
mkdir -p "$work/apiserver" "$work/etcd" "$prefix.partial/bin"
{
  echo "module clawbench.invalid/kube-apiserver-build"
  echo
  echo "go 1.24.0"
  echo
  echo "godebug default=go1.24"
  echo
  echo "require k8s.io/kubernetes $KUBE_VERSION"
  echo
  echo "replace ("
  for module in $staging_modules; do echo "	$module => $module $staging_version"; done
  echo ")"
} >"$work/apiserver/go.mod"
# etcd's server module on its own resolves reflect2 v1.0.1 / json-iterator v1.1.11, whose unsafe map
# access breaks on Go >= 1.18: pin the fixed releases.
printf 'module clawbench.invalid/etcd-build\n\ngo 1.23.0\n\nrequire (\n\tgo.etcd.io/etcd/server/v3 %s\n\tgithub.com/modern-go/reflect2 v1.0.2\n\tgithub.com/json-iterator/go v1.1.12\n)\n' "$ETCD_VERSION" >"$work/etcd/go.mod"

version_pkg=k8s.io/component-base/version
minor="${KUBE_VERSION#v1.}"; minor="${minor%%.*}"
ldflags="-s -w -X $version_pkg.gitVersion=$KUBE_VERSION -X $version_pkg.gitMajor=1 -X $version_pkg.gitMinor=$minor -X $version_pkg.gitTreeState=clean"

log "building etcd $ETCD_VERSION"
(cd "$work/etcd" && go build -p 2 -trimpath -ldflags "-s -w" -o "$prefix.partial/bin/etcd" go.etcd.io/etcd/server/v3) >&2
log "building kube-apiserver $KUBE_VERSION (slow: many packages)"
(cd "$work/apiserver" && go build -p 2 -trimpath -ldflags "$ldflags" -o "$prefix.partial/bin/kube-apiserver" k8s.io/kubernetes/cmd/kube-apiserver) >&2

"$prefix.partial/bin/etcd" --version >&2
"$prefix.partial/bin/kube-apiserver" --version >&2
rm -rf "$prefix"
mv "$prefix.partial" "$prefix"
log "kube-apiserver $KUBE_VERSION and etcd $ETCD_VERSION built in $(($(date +%s) - started))s"
touch "$prefix/.complete"
echo "$bin_dir"
