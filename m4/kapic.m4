# kapic.m4 - find kapic, the Kernel API specification compiler.
# Installed by kapic into $(datadir)/aclocal.
#
# KAPIC_PROG([MIN-VERSION], [ACTION-IF-FOUND], [ACTION-IF-NOT-FOUND])
#
# Sets and AC_SUBSTs KAPIC to a kapic of at least MIN-VERSION.  Where it
# looks, in order:
#   1. a KAPIC given by the user (./configure KAPIC=/path/to/kapic);
#   2. the `kapic' variable of pkg-config's kapic.pc, which names the
#      binary of the installation whose .pc file PKG_CONFIG_PATH selects;
#   3. kapic on PATH.
# Without ACTION-IF-NOT-FOUND, a missing or too old kapic is an error.
# Also AC_SUBSTs KAPIC_MK, the installed kapic.mk make rules (may be empty).

# serial 1

AC_DEFUN([KAPIC_PROG],
[AC_ARG_VAR([KAPIC], [kapic, the Kernel API specification compiler])dnl
m4_ifdef([PKG_PROG_PKG_CONFIG],
	 [AC_REQUIRE([PKG_PROG_PKG_CONFIG])],
	 [AC_PATH_TOOL([PKG_CONFIG], [pkg-config])])dnl
kapic_prog_found=
kapic_prog_mk=
AS_IF([test -n "$KAPIC"],
      [kapic_prog_found=$KAPIC],
      [AS_IF([test -n "$PKG_CONFIG" && $PKG_CONFIG --exists kapic 2>/dev/null],
	     [kapic_prog_pc=`$PKG_CONFIG --variable=kapic kapic 2>/dev/null`
	      kapic_prog_mk=`$PKG_CONFIG --variable=kapic_mk kapic 2>/dev/null`
	      # An installation staged with DESTDIR names its final place;
	      # use the binary only if it is really there.
	      AS_IF([test -n "$kapic_prog_pc" && test -x "$kapic_prog_pc"],
		    [kapic_prog_found=$kapic_prog_pc])])
       AS_IF([test -z "$kapic_prog_found"],
	     [AC_PATH_PROG([kapic_prog_path], [kapic])
	      kapic_prog_found=$kapic_prog_path])])
AC_MSG_CHECKING([for kapic m4_ifnblank([$1], [>= $1])])
kapic_prog_ok=no
AS_IF([test -n "$kapic_prog_found"],
      [kapic_prog_version=`"$kapic_prog_found" --version 2>/dev/null | sed -n 's/^kapic //p' | sed 1q`
       AS_IF([test -z "$kapic_prog_version"],
	     [AC_MSG_RESULT([$kapic_prog_found does not run or is not kapic])],
	     [m4_ifnblank([$1],
			  [AS_VERSION_COMPARE([$kapic_prog_version], [$1],
					      [AC_MSG_RESULT([no, $kapic_prog_found is $kapic_prog_version])],
					      [kapic_prog_ok=yes],
					      [kapic_prog_ok=yes])],
			  [kapic_prog_ok=yes])])],
      [AC_MSG_RESULT([not found])])
AS_IF([test "$kapic_prog_ok" = yes],
      [AC_MSG_RESULT([$kapic_prog_found ($kapic_prog_version)])
       KAPIC=$kapic_prog_found
       KAPIC_MK=$kapic_prog_mk
       $2],
      [KAPIC=
       KAPIC_MK=
       m4_default([$3],
		  [AC_MSG_ERROR([kapic m4_ifnblank([$1], [$1 or newer ])is required: install it, point PKG_CONFIG_PATH at its kapic.pc, or set KAPIC])])])
AC_SUBST([KAPIC])dnl
AC_SUBST([KAPIC_MK])dnl
])
