#!/bin/sh
# test-mlock-family.sh - the mlock family's one page, as man-pages has it:
# specs/mlock.kapi (which includes the other four) gives mlock.2 naming
# mlock, mlock2, munlock, mlockall and munlockall; each of those compiled
# alone gives a .so link to it.  The page lints clean, and its structure
# is compared with man-pages' own mlock.2 (the installed one, else the
# facts of man-pages 6.03's, recorded below): the NAME line's names, the
# calls of SYNOPSIS, the sections and their order, and the calls each
# ERRORS entry is marked with.
#
# Environment: srcdir, builddir, KAPIC (see tests/tools/testlib.sh).

t_name=test-mlock-family
. "$(dirname "$0")/../tools/testlib.sh"

: "${KAPIC:=$builddir/kapic}"
members="mlock2 munlock mlockall munlockall"
theirs_gz=/usr/share/man/man2/mlock.2.gz
man=$out/man
rm -rf "$man" && mkdir -p "$man/man2" || exit 99

# --- the pages --------------------------------------------------------------
check "kapic --emit=man compiles specs/mlock.kapi" \
	"$KAPIC" --emit=man -d "$man/man2" "$srcdir/specs/mlock.kapi"
check "specs/mlock.kapi gives mlock.2 alone (its includes' specs have no outputs)" \
	sh -c '[ "$(ls "$1")" = mlock.2 ]' sh "$man/man2"
page=$man/man2/mlock.2
for m in $members; do
	check "specs/$m.kapi compiles alone" \
		"$KAPIC" -Werror --emit=all -d "$out/$m" "$srcdir/specs/$m.kapi"
	check "$m.2 is a link to mlock.2" sh -c \
		'grep -v "^\.\\\\\"" "$1" | grep -qx "\.so man2/mlock\.2" && [ "$(grep -vc "^\.\\\\\"" "$1")" = 1 ]' \
		sh "$out/$m/$m.2"
	cp "$out/$m/$m.2" "$man/man2/" || exit 99
done

# --- lint -------------------------------------------------------------------
# mandoc's style notes: only man-pages' own lower-case title.
mandoc_style() {
	mandoc -T lint -W style "$1" >"$out/style.log" 2>&1
	! grep -v 'STYLE: lower case character in document title' "$out/style.log" | grep -q .
}
# A link is linted where man(1) reads it, from the manual's root; mandoc's
# one message, that .so is fragile, is the one man-pages' own links get.
mandoc_link() {
	(cd "$man" && mandoc -T lint -W warning "man2/$1") >"$out/link.log" 2>&1
	! grep -v 'WARNING: \.so is fragile' "$out/link.log" | grep -q .
}
if have mandoc; then
	check "mlock.2: mandoc -T lint -W warning is silent" sh -c \
		'mandoc -T lint -W warning "$1" && [ -z "$(mandoc -T lint -W warning "$1" 2>&1)" ]' sh "$page"
	check "mlock.2: mandoc -T lint -W style notes only the lower-case title" mandoc_style "$page"
	for m in $members; do
		check "$m.2: mandoc finds mlock.2 through the link" mandoc_link "$m.2"
	done
else
	skip "mlock.2: mandoc lint" "mandoc not installed"
fi
if have groff; then
	check "mlock.2: groff -man -ww -z is silent" sh -c \
		'[ -z "$(groff -man -ww -z "$1" 2>&1)" ]' sh "$page"
	for m in $members; do
		check "$m.2: groff -man -ww -z is silent through the link" sh -c \
			'cd "$1" && [ -z "$(groff -man -ww -z "man2/$2" 2>&1)" ]' sh "$man" "$m.2"
	done
else
	skip "mlock.2: groff -ww" "groff not installed"
fi

# --- structure: ours and man-pages' -----------------------------------------
# sections FILE: the .SH headings of a page source, one a line.
sections() {
	sed -n 's/^\.SH *//p' "$1" | tr -d '"'
}
# names FILE: the names of the NAME line, one a line.
names() {
	sed -n '/^\.SH *"\{0,1\}NAME/{n;p;q;}' "$1" | sed 's/ *\\-.*//' | tr -d ' ' | tr ',' '\n'
}
# synopsis TEXT: the calls SYNOPSIS declares, from the rendered text: the
# syscall(2) forms and the C library prototypes, not the kernel's sys_*.
synopsis() {
	sed -n '/^SYNOPSIS$/,/^[A-Z][A-Z ]*$/p' "$1" |
		sed -n 's/.*syscall(SYS_\([a-z0-9_]*\).*/\1/p; t
			s/^ *[a-z][a-z0-9_ *]* \**\([a-z][a-z0-9_]*\)(.*/\1/p' |
		grep -v '^sys_' | awk '!seen[$0]++'
}
# prototypes TEXT: SYNOPSIS's lines that declare a call, spaces squeezed.
prototypes() {
	sed -n '/^SYNOPSIS$/,/^[A-Z][A-Z ]*$/p' "$1" | grep '(.*);' | tr -s ' ' | sed 's/^ //'
}
# errors FILE ALL: "ERRNO call" for each call an ERRORS entry is marked
# with; an unmarked entry of our page applies to every call (ALL), one of
# man-pages' is left out (its text says to which); entries for other
# systems or old kernels are left out too.
errors() {
	sed -n '/^\.SH *"\{0,1\}ERRORS/,/^\.SH/p' "$1" | awk -v all="$2" -v ours="$3" '
		function flush() {
			if (e == "" || old) return
			if (n == 0 && ours) { k = split(all, a, " "); for (i = 1; i <= k; i++) print e, a[i] }
			for (i = 1; i <= n; i++) print e, c[i]
		}
		/^\.TP/ { flush(); e = ""; n = 0; old = 0; state = 0; next }
		state == 0 && /^\.B "?E[A-Z0-9]+"?$/ { e = $2; gsub(/"/, "", e); state = 1; next }
		state == 1 && /^\.(RB|BR) (\( )?"?[a-z0-9_]+"? \(\)/ {
			s = $0; sub(/^\.(RB|BR) (\( )?"?/, "", s); sub(/"? \(\).*/, "", s); c[++n] = s; next }
		state == 1 && /^and$/ { next }
		state >= 1 { state = 2 }
		state == 2 && /Not on Linux|and earlier/ { old = 1 }
		END { flush() }' | LC_ALL=C sort -u
}

if [ -f "$theirs_gz" ] && have gzip; then
	gzip -dc "$theirs_gz" >"$out/theirs.2"
	echo "# comparing with $theirs_gz ($(sed -n 's/^\.TH .*"\(.*\)"$/\1/p' "$out/theirs.2"))"
	sections "$out/theirs.2" >"$out/theirs.sections"
	names "$out/theirs.2" >"$out/theirs.names"
	errors "$out/theirs.2" "" "" >"$out/theirs.errors"
	if have mandoc; then
		mandoc -T ascii -O width=1000 "$out/theirs.2" | sed "s/.$(printf '\b')//g" >"$out/theirs.txt"
		synopsis "$out/theirs.txt" >"$out/theirs.synopsis"
		prototypes "$out/theirs.txt" >"$out/theirs.prototypes"
	fi
else
	# man-pages 6.03's mlock.2, as facts.
	echo "# $theirs_gz not installed (apt-get install manpages-dev): man-pages 6.03's facts"
	printf '%s\n' NAME LIBRARY SYNOPSIS DESCRIPTION "RETURN VALUE" ERRORS VERSIONS \
		STANDARDS NOTES BUGS "SEE ALSO" >"$out/theirs.sections"
	printf '%s\n' mlock mlock2 munlock mlockall munlockall >"$out/theirs.names"
	cp "$out/theirs.names" "$out/theirs.synopsis"
	printf '%s\n' "int mlock(const void addr[.len], size_t len);" \
		"int mlock2(const void addr[.len], size_t len, unsigned int flags);" \
		"int munlock(const void addr[.len], size_t len);" "int mlockall(int flags);" \
		"int munlockall(void);" >"$out/theirs.prototypes"
	printf '%s\n' "EAGAIN mlock" "EAGAIN mlock2" "EAGAIN munlock" "EINVAL mlock" \
		"EINVAL mlock2" "EINVAL mlockall" "EINVAL munlock" "ENOMEM mlock" \
		"ENOMEM mlock2" "ENOMEM munlock" >"$out/theirs.errors"
fi

names "$page" >"$out/ours.names"
same "the NAME line names man-pages' calls, in its order" "$out/theirs.names" "$out/ours.names"

if have mandoc; then
	mandoc -T ascii -O width=1000 "$page" | sed "s/.$(printf '\b')//g" >"$out/ours.txt"
	synopsis "$out/ours.txt" >"$out/ours.synopsis"
	same "SYNOPSIS declares man-pages' calls, in its order" "$out/theirs.synopsis" "$out/ours.synopsis"
	prototypes "$out/ours.txt" >"$out/ours.prototypes"
	same "SYNOPSIS's prototypes read as man-pages' do, from the specs' libc bindings" \
		"$out/theirs.prototypes" "$out/ours.prototypes"
else
	skip "SYNOPSIS declares man-pages' calls" "mandoc not installed"
fi

sed -n 's/^\.SS "\([a-z0-9_]*\)()"$/\1/p' "$page" >"$out/ours.subsections"
same "DESCRIPTION has a subsection a call, in NAME's order" "$out/ours.names" "$out/ours.subsections"

# Sections: man-pages' VERSIONS is HISTORY since man-pages 6.05, as kapic
# writes it, and kapic has no statement for BUGS; SIGNALS and
# CAPABILITIES are kapic's, from the spec's signals and capabilities, and
# EXAMPLES the spec's examples.  Beyond those the lists are the same.
sections "$page" >"$out/ours.sections"
grep -vxE 'VERSIONS|BUGS' "$out/theirs.sections" >"$out/theirs.common"
grep -vxE 'SIGNALS|CAPABILITIES|HISTORY|EXAMPLES' "$out/ours.sections" >"$out/ours.common"
same "the sections are man-pages', in its order (beyond the differences named)" \
	"$out/theirs.common" "$out/ours.common"
# And every section of man-pages(7) kapic writes comes in that page's order.
order='NAME LIBRARY SYNOPSIS CONFIGURATION DESCRIPTION OPTIONS EXIT_STATUS RETURN_VALUE
ERRORS ENVIRONMENT FILES ATTRIBUTES VERSIONS STANDARDS HISTORY NOTES CAVEATS BUGS
EXAMPLES AUTHORS REPORTING_BUGS COPYRIGHT SEE_ALSO'
printf '%s\n' $order | tr _ ' ' >"$out/man7.order"
grep -vxE 'SIGNALS|CAPABILITIES' "$out/ours.sections" >"$out/ours.man7"
grep -xF -f "$out/ours.man7" "$out/man7.order" >"$out/man7.want"
same "the sections follow man-pages(7)'s order" "$out/man7.want" "$out/ours.man7"

# ERRORS: every call man-pages marks an error with is marked on ours,
# but for what the kernel does not do (the specs' comments say why).
errors "$page" "$(tr '\n' ' ' <"$out/ours.names")" ours >"$out/ours.errors"
printf '%s\n' "EAGAIN munlock" >"$out/known"
check "ours marks errors with calls" test -s "$out/ours.errors"
LC_ALL=C comm -23 "$out/theirs.errors" "$out/ours.errors" >"$out/missing"
same "ERRORS marks each error with man-pages' calls (but munlock's EAGAIN, which the kernel never gives)" \
	"$out/known" "$out/missing"
LC_ALL=C comm -13 "$out/theirs.errors" "$out/ours.errors" | sed 's/^/# beyond man-pages: /'

finish
