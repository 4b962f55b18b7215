#!/bin/sh
# `make install DESTDIR=...` from the build directory installs what a
# project using kapic needs: the binary, both manuals, kapic.pc, kapic.m4
# and kapic.mk, and pkg-config finds the binary through kapic.pc.
: "${builddir:?}"
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
n=0 fail=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
nok() { n=$((n + 1)); fail=1; echo "not ok $n - $1"; }
check() { desc=$1; shift; if "$@"; then ok "$desc"; else nok "$desc"; fi; }

stage="$tmp/stage"
${MAKE:-make} -C "$builddir" install DESTDIR="$stage" >"$tmp/log" 2>&1
rc=$?
check "make install DESTDIR=... exits 0" test "$rc" = 0
[ "$rc" = 0 ] || sed 's/^/# /' "$tmp/log" | tail -20

# The prefix is whatever configure was given; look for the tails.
for tail in bin/kapic man/man1/kapic.1 man/man5/kapi.5 pkgconfig/kapic.pc \
	    aclocal/kapic.m4 kapic/kapic.mk doc/kapic/kapi-language.md \
	    doc/kapic/templates.md doc/kapic/kernel-tooling.md doc/kapic/architecture.md; do
	found=$(find "$stage" -path "*/$tail" -type f | head -n 1)
	check "installs $tail" test -n "$found"
done
bin=$(find "$stage" -path '*/bin/kapic' -type f | head -n 1)
check "the installed kapic runs" sh -c '"$1" --version | grep -q "^kapic "' sh "$bin"

pc=$(find "$stage" -path '*/pkgconfig/kapic.pc' -type f | head -n 1)
if command -v pkg-config >/dev/null 2>&1 && [ -n "$pc" ]; then
	# The sysroot maps the final paths kapic.pc names into the stage.
	got=$(PKG_CONFIG_PATH=${pc%/*} PKG_CONFIG_SYSROOT_DIR=$stage \
		pkg-config --variable=kapic kapic 2>"$tmp/err")
	check "pkg-config --variable=kapic kapic names the installed binary" \
		test -n "$got" -a "$got" = "$bin"
	mk=$(PKG_CONFIG_PATH=${pc%/*} PKG_CONFIG_SYSROOT_DIR=$stage \
		pkg-config --variable=kapic_mk kapic 2>"$tmp/err")
	check "pkg-config --variable=kapic_mk kapic names the installed kapic.mk" test -f "$mk"
else
	n=$((n + 1)); echo "ok $n # SKIP pkg-config not installed"
fi

echo "1..$n"
exit $fail
