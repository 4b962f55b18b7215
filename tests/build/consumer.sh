#!/bin/sh
# An autotools project that uses kapic at build time (tests/consumer),
# built against a staged install of kapic: KAPIC_PROG finds the staged
# binary through kapic.pc, and `make check' there compiles and runs the
# validator and the test it generates.
: "${srcdir:?}" "${builddir:?}"
tmp=$(mktemp -d) || exit 1
trap '[ -n "$KEEP" ] || { chmod -R u+w "$tmp" 2>/dev/null; rm -rf "$tmp"; }' EXIT
n=0 fail=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
nok() { n=$((n + 1)); fail=1; echo "not ok $n - $1"; }
show() { tail -n 30 "$1" | sed 's/^/# /'; }
MAKE=${MAKE:-make}

for tool in autoreconf pkg-config; do
	if ! command -v $tool >/dev/null 2>&1; then
		echo "1..0 # SKIP $tool not installed"
		exit 0
	fi
done

stage="$tmp/stage"
if $MAKE -C "$builddir" install DESTDIR="$stage" >"$tmp/install.log" 2>&1; then
	ok "kapic installs into a stage"
else
	nok "kapic installs into a stage"; show "$tmp/install.log"
	echo "1..$n"; exit 1
fi
m4=$(find "$stage" -path '*/aclocal/kapic.m4' | head -n 1)
pc=$(find "$stage" -path '*/pkgconfig/kapic.pc' | head -n 1)
bin=$(find "$stage" -path '*/bin/kapic' -type f | head -n 1)

# autoreconf writes beside the sources: work on a copy.
cp -R "$srcdir/tests/consumer" "$tmp/src" && chmod -R u+w "$tmp/src"
if (cd "$tmp/src" && ACLOCAL_PATH=${m4%/*} autoreconf -fi) >"$tmp/autoreconf.log" 2>&1; then
	ok "autoreconf finds KAPIC_PROG through ACLOCAL_PATH"
else
	nok "autoreconf finds KAPIC_PROG through ACLOCAL_PATH"; show "$tmp/autoreconf.log"
fi

# The harness exports KAPIC; unset it so pkg-config must find the binary.
# The sysroot maps the final paths that kapic.pc names into the stage.
mkdir "$tmp/build"
if (cd "$tmp/build" && env -u KAPIC PKG_CONFIG_PATH=${pc%/*} \
	PKG_CONFIG_SYSROOT_DIR="$stage" PATH=/usr/bin:/bin ../src/configure) \
	>"$tmp/configure.log" 2>&1; then
	ok "configure (out of tree) succeeds"
else
	nok "configure (out of tree) succeeds"; show "$tmp/configure.log"
fi
got=$(sed -n 's/^KAPIC = //p' "$tmp/build/Makefile" 2>/dev/null)
if [ -n "$got" ] && [ "$got" = "$bin" ]; then
	ok "KAPIC_PROG picks the staged kapic from kapic.pc"
else
	nok "KAPIC_PROG picks the staged kapic from kapic.pc (got '$got', want '$bin')"
fi

# Not the caller's make variables (make check TESTS=... would pass its TESTS
# down to the consumer's make check).
if (cd "$tmp/build" && env -u MAKEFLAGS -u MFLAGS -u MAKEOVERRIDES $MAKE check) \
	>"$tmp/check.log" 2>&1; then
	ok "make check generates, compiles and runs the validator and the test"
else
	nok "make check generates, compiles and runs the validator and the test"
	show "$tmp/check.log"
	for f in "$tmp"/build/*.log; do [ -f "$f" ] && show "$f"; done
fi
if grep -q '^PASS: check-validator' "$tmp/build/test-suite.log" "$tmp/check.log" 2>/dev/null &&
   grep -q '^PASS: getrandom-test' "$tmp/check.log" 2>/dev/null; then
	ok "the consumer's validator and generated test report passes"
else
	nok "the consumer's validator and generated test report passes"
fi

# Something that is no kapic is refused, with a message.
mkdir "$tmp/build2"
if (cd "$tmp/build2" && KAPIC=/bin/false ../src/configure) >"$tmp/configure2.log" 2>&1; then
	nok "configure refuses KAPIC=/bin/false"
elif grep -q 'kapic 0.1 or newer is required' "$tmp/configure2.log"; then
	ok "configure refuses KAPIC=/bin/false, saying what is required"
else
	nok "configure refuses KAPIC=/bin/false, saying what is required"; show "$tmp/configure2.log"
fi

printf '#!/bin/sh\necho "kapic 0.0.9"\n' >"$tmp/old-kapic" && chmod +x "$tmp/old-kapic"
mkdir "$tmp/build3"
if (cd "$tmp/build3" && KAPIC="$tmp/old-kapic" ../src/configure) >"$tmp/configure3.log" 2>&1; then
	nok "configure refuses a kapic older than KAPIC_PROG's minimum"
elif grep -q 'is 0\.0\.9' "$tmp/configure3.log"; then
	ok "configure refuses a kapic older than KAPIC_PROG's minimum, naming its version"
else
	nok "configure refuses a kapic older than KAPIC_PROG's minimum, naming its version"
	show "$tmp/configure3.log"
fi

echo "1..$n"
exit $fail
