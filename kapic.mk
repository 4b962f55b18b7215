# kapic.mk - GNU make rules that generate code from .kapi specs.
# Installed by kapic into $(datadir)/kapic; find it with
#   pkg-config --variable=kapic_mk kapic
# and include it after setting what you need:
#
#   KAPIC = kapic                      # or $(shell pkg-config --variable=kapic kapic)
#   KAPICFLAGS = -I include -Werror    # extra options for every run
#   include $(KAPIC_MK)
#   prog: main.o mlock2-check.o
#
# Outputs: NAME-check.c and NAME-check.h (validator), NAME.kapi.c (kernel
# block), NAME-test.c (libc wrapper test, which includes kapi-runtime.h,
# written beside it by the same run, --emit=test,runtime), NAME.2 or NAME.9 (man page),
# NAME.json.  The rules assume one spec per file, named like the file
# (mlock2.kapi holds `syscall mlock2`): kapic names outputs after the spec,
# make after the file.  Outputs go beside the target; the spec is found
# through the pattern, so VPATH/vpath serve out-of-tree builds.
#
# Needs GNU make 4.3 or newer (grouped targets, &:).
#
# Why stamps: these rules run kapic --keep-unchanged, which does not
# rewrite an output whose content is unchanged, so editing a comment in a
# spec does not rebuild what is compiled from the outputs.  Make would then see outputs older than the spec and run kapic
# on every build; the stamp NAME.kapic-KIND records the run instead.  One
# run writes every output of a kind, also under make -j (the grouped
# target waits for the one stamp).  A deleted output is regenerated.
#
# Depfiles (-MD -MP, OUTPUT.d beside the first output) make the stamps
# depend on included .kapi files too.

KAPIC ?= kapic
KAPICFLAGS ?=

# A spec is a source.  Without this, make looks for a way to build
# mlock2.kapi, finds the built-in `%: %.c` with mlock2.kapi.c, which is
# built from mlock2.kapi, and drops the prerequisite as circular.
%.kapi: ;

# $(call kapic_run,KINDS): one kapic run from the spec ($<), then the stamp.
kapic_run = $(kapic_v)$(KAPIC) --keep-unchanged $(KAPICFLAGS) -MD -MP -MT $@ -d $(@D) --emit=$1 $< && touch $@

# Silent rules as automake's and Kbuild's: V=0 prints one line a run, V=1
# the command; without V, automake's AM_DEFAULT_VERBOSITY decides, and
# without that, the command is shown, as make shows it.
kapic_v = $(kapic_v_$(V))
kapic_v_ = $(kapic_v_$(or $(AM_DEFAULT_VERBOSITY),1))
kapic_v_0 = @echo "  KAPIC    $@";
kapic_v_1 =

# $(call kapic_outputs,KINDS,FILES): the outputs are as new as the stamp
# says; only a missing one makes kapic run again, from the spec: the
# prerequisite named after the stem (depfiles add the included ones).
kapic_spec = $(firstword $(filter $*.kapi %/$(*F).kapi,$^))
kapic_outputs = @for f in $2; do test -f "$$f" || { \
	echo "$(KAPIC) $(KAPICFLAGS) -d $(@D) --emit=$1 $(kapic_spec)"; \
	$(KAPIC) $(KAPICFLAGS) -d $(@D) --emit=$1 $(kapic_spec) || exit; \
	test -f "$$f" || { echo "kapic did not write $$f: is the spec named like its file?" >&2; exit 1; }; }; done

%.kapic-c: %.kapi
	$(call kapic_run,c$(comma)h)
%-check.c %-check.h &: %.kapic-c %.kapi
	$(call kapic_outputs,c$(comma)h,$*-check.c $*-check.h)

%.kapic-kernel: %.kapi
	$(call kapic_run,kernel)
%.kapi.c: %.kapic-kernel %.kapi
	$(call kapic_outputs,kernel,$@)

%.kapic-test: %.kapi
	$(call kapic_run,test$(comma)runtime)
%-test.c: %.kapic-test %.kapi
	$(call kapic_outputs,test$(comma)runtime,$@)

# Section 2 for a syscall, 9 for a kernel function.
%.kapic-man: %.kapi
	$(call kapic_run,man)
%.2: %.kapic-man %.kapi
	$(call kapic_outputs,man,$@)
%.9: %.kapic-man %.kapi
	$(call kapic_outputs,man,$@)

%.kapic-json: %.kapi
	$(call kapic_run,json)
%.json: %.kapic-json %.kapi
	$(call kapic_outputs,json,$@)

comma := ,
.PRECIOUS: %.kapic-c %.kapic-kernel %.kapic-test %.kapic-man %.kapic-json

# Depfiles of the runs above, in the current directory and in the
# directories listed in KAPIC_DEPDIRS.  Their rules must not become the
# default goal of the including makefile.
KAPIC_DEPFILES = $(foreach d,. $(KAPIC_DEPDIRS),$(wildcard $(d)/*-check.c.d $(d)/*.kapi.c.d $(d)/*-test.c.d $(d)/*.[29].d $(d)/*.json.d))
kapic_default_goal := $(.DEFAULT_GOAL)
-include $(KAPIC_DEPFILES)
.DEFAULT_GOAL := $(kapic_default_goal)
