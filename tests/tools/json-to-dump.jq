# json-to-dump.jq - print kapic's JSON in kapi-dump's canonical line format,
# so that `diff` can tell whether the JSON and the compiled macro block of a
# spec say the same thing.  The format is documented at the top of
# tests/tools/kapi-dump.c; the two must change together.
#
# Usage (jq 1.6 or later):
#
#   jq -R -s -r -f tests/tools/json-to-dump.jq spec.json     (exact)
#   jq -r -f tests/tools/json-to-dump.jq spec.json           (lossy)
#
# Prefer the first form.  jq 1.6 keeps numbers as doubles, so LONG_MAX would
# come out as 9223372036854776000; read as raw text (-R -s) the program first
# turns every integer literal of 16 or more digits into a string, keeping
# its digits exactly.  (That rewrite looks at the JSON text, so a string
# value that itself contains `: 1234567890123456789,` would be altered too;
# spec text does not.)
#
# Environment:
#   KAPI_SPEC=sys_mlock2   print only the spec whose dump name is this
#   KAPI_DUMP_TABLES=1     print the enum tables instead, in the format of
#                          `kapi-dump --tables`, to check they agree
#   KAPI_GENERATION=2026   the block was built against the 2026 stand-in:
#                          its tables have the 2026 words, a lock prints its
#                          scope, and since/deprecated are gone
#
# Expected input: {"specs": [ SPEC, ... ]} (a bare array of specs or a single
# spec object are accepted too), SPEC using the kernel tools/kapi field
# names: name, context_flags, parameters[] (index, name, type_name,
# param_type, flags, constraint_type, min_value, max_value, valid_mask),
# return_spec (type_name, return_type|param_type|type, check_type,
# success_value, success_min, success_max), errors[] (index, error_code,
# name), signals[] (signal_name|name, direction, action, restartable),
# signal_masks[] (mask_name|name, signals[]), locks[] (lock_name|name,
# lock_type|type, acquired, released, held_on_entry, held_on_exit),
# constraints[] (name), side_effects[] (effect_type|type, target,
# reversible), state_transitions[] (object, from_state, to_state),
# capabilities[] (name|cap_name, action, priority), struct_specs[] (name,
# size, alignment, field_count, fields[] (name, type, type_name)),
# since_version, deprecated.  Where two keys are listed, the first present
# wins; a missing key reads as zero, false or "".
#
# Value forms accepted anywhere a number or enum is expected: a JSON number;
# {"text": ..., "value": ...} (value used, else text parsed); a string of
# macro names and/or integers joined by "|"; an array of those; null.
#
# The "name" of a syscall spec is the bare call ("mlock2") while the block's
# variable and .name are sys_mlock2, so syscall names get "sys_" prepended
# unless they have it already or the spec says it is not a syscall
# (kind/api_type other than "syscall").

# ---- Enum tables: must equal kernel_api_spec.h (checked by the tests). ----

def gen2026: ($ENV.KAPI_GENERATION // "2025") == "2026";

# What only the 2026 stand-in defines.
def only2026:
  ["KAPI_CONSTRAINT_ALIGNMENT", "KAPI_CONSTRAINT_POWER_OF_TWO",
   "KAPI_CONSTRAINT_PAGE_ALIGNED", "KAPI_CONSTRAINT_NONZERO",
   "KAPI_CONSTRAINT_USER_STRING", "KAPI_CONSTRAINT_USER_PATH",
   "KAPI_CONSTRAINT_USER_PTR", "KAPI_CONSTRAINT_BUFFER",
   "KAPI_RETURN_NO_RETURN", "KAPI_EFFECT_IRREVERSIBLE",
   "KAPI_LOCK_INTERNAL", "KAPI_LOCK_ACQUIRES", "KAPI_LOCK_RELEASES",
   "KAPI_LOCK_CALLER_HELD"];

def families:
  {
    "type": [
      ["KAPI_TYPE_VOID", 0], ["KAPI_TYPE_INT", 1], ["KAPI_TYPE_UINT", 2],
      ["KAPI_TYPE_PTR", 3], ["KAPI_TYPE_STRUCT", 4], ["KAPI_TYPE_UNION", 5],
      ["KAPI_TYPE_ENUM", 6], ["KAPI_TYPE_FUNC_PTR", 7], ["KAPI_TYPE_ARRAY", 8],
      ["KAPI_TYPE_FD", 9], ["KAPI_TYPE_USER_PTR", 10], ["KAPI_TYPE_PATH", 11],
      ["KAPI_TYPE_CUSTOM", 12]
    ],
    "param_flags": [
      ["KAPI_PARAM_IN", 1], ["KAPI_PARAM_OUT", 2], ["KAPI_PARAM_INOUT", 4],
      ["KAPI_PARAM_OPTIONAL", 8], ["KAPI_PARAM_CONST", 16],
      ["KAPI_PARAM_VOLATILE", 32], ["KAPI_PARAM_USER", 64],
      ["KAPI_PARAM_DMA", 128], ["KAPI_PARAM_ALIGNED", 256]
    ],
    "context": [
      ["KAPI_CTX_PROCESS", 1], ["KAPI_CTX_SOFTIRQ", 2], ["KAPI_CTX_HARDIRQ", 4],
      ["KAPI_CTX_NMI", 8], ["KAPI_CTX_ATOMIC", 16], ["KAPI_CTX_SLEEPABLE", 32],
      ["KAPI_CTX_PREEMPT_DISABLED", 64], ["KAPI_CTX_IRQ_DISABLED", 128]
    ],
    "lock": [
      ["KAPI_LOCK_NONE", 0], ["KAPI_LOCK_MUTEX", 1], ["KAPI_LOCK_SPINLOCK", 2],
      ["KAPI_LOCK_RWLOCK", 3], ["KAPI_LOCK_SEQLOCK", 4], ["KAPI_LOCK_RCU", 5],
      ["KAPI_LOCK_SEMAPHORE", 6], ["KAPI_LOCK_CUSTOM", 7]
    ],
    "constraint": [
      ["KAPI_CONSTRAINT_NONE", 0], ["KAPI_CONSTRAINT_RANGE", 1],
      ["KAPI_CONSTRAINT_MASK", 2], ["KAPI_CONSTRAINT_ENUM", 3],
      ["KAPI_CONSTRAINT_CUSTOM", 4], ["KAPI_CONSTRAINT_ALIGNMENT", 5],
      ["KAPI_CONSTRAINT_POWER_OF_TWO", 6], ["KAPI_CONSTRAINT_PAGE_ALIGNED", 7],
      ["KAPI_CONSTRAINT_NONZERO", 8], ["KAPI_CONSTRAINT_USER_STRING", 9],
      ["KAPI_CONSTRAINT_USER_PATH", 10], ["KAPI_CONSTRAINT_USER_PTR", 11],
      ["KAPI_CONSTRAINT_BUFFER", 12]
    ],
    "return_check": [
      ["KAPI_RETURN_EXACT", 0], ["KAPI_RETURN_RANGE", 1],
      ["KAPI_RETURN_ERROR_CHECK", 2], ["KAPI_RETURN_FD", 3],
      ["KAPI_RETURN_CUSTOM", 4], ["KAPI_RETURN_NO_RETURN", 5]
    ],
    "signal_direction": [
      ["KAPI_SIGNAL_RECEIVE", 1], ["KAPI_SIGNAL_SEND", 2],
      ["KAPI_SIGNAL_HANDLE", 4], ["KAPI_SIGNAL_BLOCK", 8],
      ["KAPI_SIGNAL_IGNORE", 16]
    ],
    "signal_action": [
      ["KAPI_SIGNAL_ACTION_DEFAULT", 0], ["KAPI_SIGNAL_ACTION_TERMINATE", 1],
      ["KAPI_SIGNAL_ACTION_COREDUMP", 2], ["KAPI_SIGNAL_ACTION_STOP", 3],
      ["KAPI_SIGNAL_ACTION_CONTINUE", 4], ["KAPI_SIGNAL_ACTION_CUSTOM", 5],
      ["KAPI_SIGNAL_ACTION_RETURN", 6], ["KAPI_SIGNAL_ACTION_RESTART", 7],
      ["KAPI_SIGNAL_ACTION_QUEUE", 8], ["KAPI_SIGNAL_ACTION_DISCARD", 9],
      ["KAPI_SIGNAL_ACTION_TRANSFORM", 10]
    ],
    "effect": [
      ["KAPI_EFFECT_NONE", 0], ["KAPI_EFFECT_ALLOC_MEMORY", 1],
      ["KAPI_EFFECT_FREE_MEMORY", 2], ["KAPI_EFFECT_MODIFY_STATE", 4],
      ["KAPI_EFFECT_SIGNAL_SEND", 8], ["KAPI_EFFECT_FILE_POSITION", 16],
      ["KAPI_EFFECT_LOCK_ACQUIRE", 32], ["KAPI_EFFECT_LOCK_RELEASE", 64],
      ["KAPI_EFFECT_RESOURCE_CREATE", 128],
      ["KAPI_EFFECT_RESOURCE_DESTROY", 256], ["KAPI_EFFECT_SCHEDULE", 512],
      ["KAPI_EFFECT_HARDWARE", 1024], ["KAPI_EFFECT_NETWORK", 2048],
      ["KAPI_EFFECT_FILESYSTEM", 4096], ["KAPI_EFFECT_PROCESS_STATE", 8192],
      ["KAPI_EFFECT_IRREVERSIBLE", 16384]
    ],
    "cap_action": [
      ["KAPI_CAP_BYPASS_CHECK", 0], ["KAPI_CAP_INCREASE_LIMIT", 1],
      ["KAPI_CAP_OVERRIDE_RESTRICTION", 2], ["KAPI_CAP_GRANT_PERMISSION", 3],
      ["KAPI_CAP_MODIFY_BEHAVIOR", 4], ["KAPI_CAP_ACCESS_RESOURCE", 5],
      ["KAPI_CAP_PERFORM_OPERATION", 6]
    ],
    "signal_state": [
      ["KAPI_SIGNAL_STATE_RUNNING", 1], ["KAPI_SIGNAL_STATE_SLEEPING", 2],
      ["KAPI_SIGNAL_STATE_STOPPED", 4], ["KAPI_SIGNAL_STATE_TRACED", 8],
      ["KAPI_SIGNAL_STATE_ZOMBIE", 16], ["KAPI_SIGNAL_STATE_DEAD", 32]
    ],
    "lock_scope": [
      ["KAPI_LOCK_INTERNAL", 0], ["KAPI_LOCK_ACQUIRES", 1],
      ["KAPI_LOCK_RELEASES", 2], ["KAPI_LOCK_CALLER_HELD", 3]
    ]
  };

# ---- Numbers ---------------------------------------------------------------

# Integer to decimal text.  jq 1.6's tostring switches to exponent notation
# from 1e17, which would never match C's printf.  Beyond 2^53 a double is no
# longer an exact integer (and % misbehaves), so show jq's own rendering:
# the diff then points at the lossy read rather than at garbage digits.
def intstr:
  if . >= 9007199254740992 or . <= -9007199254740992 then tostring
  elif . < 0 then "-" + ((- .) | intstr)
  elif . < 10 then ([48 + .] | implode)
  else ((. / 10 | floor) | intstr) + ((. % 10) | intstr)
  end;

def hexstr:
  if . < 16 then ([if . < 10 then 48 + . else 87 + . end] | implode)
  else ((. / 16 | floor) | hexstr) + ((. % 16) | hexstr)
  end;

def hexval:
  ascii_downcase | explode
  | reduce .[] as $c (0; . * 16 + (if $c >= 97 then $c - 87 else $c - 48 end));

# Anything number-like to decimal text.  Strings "#int:DIGITS" come from the
# raw-text pre-pass and are already exact.
def numtext:
  if . == null or . == false then "0"
  elif . == true then "1"
  elif type == "number" then (if . == (. | floor) then intstr else tostring end)
  elif type == "object" then
    (if .value != null then (.value | numtext)
     elif .text != null then (.text | numtext)
     else "0" end)
  elif type == "string" then
    (if startswith("#int:") then .[5:]
     elif test("^-?[0-9]+[uUlL]*$") then
       (sub("[uUlL]+$"; "") | sub("^(?<s>-?)0+(?<d>[0-9])"; "\(.s)\(.d)"))
     elif test("^0[xX][0-9a-fA-F]{1,13}[uUlL]*$") then
       (sub("[uUlL]+$"; "") | .[2:] | hexval | intstr)
     else . end)
  else tostring
  end;

def bool01: if . == true or . == 1 then "1" else "0" end;

# ---- Enums -----------------------------------------------------------------

def bitsof: . as $v | [range(0; 53) | pow(2; .) | select((($v / .) | floor) % 2 == 1)];

# A single enum or flag component to a number, or to "?TEXT" when it names
# nothing in the family (printed as is, so a diff shows it).
def component($fam):
  (sub("^\\s+"; "") | sub("\\s+$"; "")) as $t
  | (families[$fam] | map(select(.[0] == $t)) | .[0][1]) as $v
  | if $v != null then $v
    elif ($t | test("^(0[xX][0-9a-fA-F]+|[0-9]+)[uUlL]*$")) then ($t | numtext | tonumber)
    else "?" + $t end;

# All forms of an enum value to a list of components (numbers or "?TEXT").
def components($fam):
  if . == null then [0]
  elif type == "number" then [.]
  elif type == "object" then
    (if .value != null then (.value | components($fam))
     else (.text | components($fam)) end)
  elif type == "array" then (map(components($fam)) | add // [0])
  elif type == "string" then
    (if test("^\\s*$") then [0] else split("|") | map(component($fam)) end)
  else [0] end;

def fmt_enum($fam):
  components($fam) as $c
  | if ($c | map(select(type == "string")) | length) > 0 then
      ($c | map(if type == "string" then . else intstr end) | join("|"))
    else
      ($c | add) as $v
      | (families[$fam] | map(select(.[1] == $v)) | .[0][0]) // ($v | intstr)
    end;

def fmt_flags($fam):
  components($fam) as $c
  | ($c | map(select(type == "string"))) as $unknown
  | ([$c[] | select(type == "number") | bitsof[]] | unique) as $bits
  | ($bits | add // 0) as $v
  | if ($unknown | length) > 0 then
      ([$bits[] | intstr] + $unknown | join("|"))
    elif $v == 0 then
      ((families[$fam] | map(select(.[1] == 0)) | .[0][0]) // "0")
    else
      (families[$fam] | map(.[1] as $b | select($b != 0 and any($bits[]; . == $b))))
        as $known
      | ($v - ($known | map(.[1]) | add // 0)) as $rest
      | ($known | map(.[0])) + (if $rest > 0 then ["0x" + ($rest | hexstr)] else [] end)
      | join("|")
    end;

# ---- Strings ---------------------------------------------------------------

def word:
  (. // "") | tostring
  | if test("^[A-Za-z0-9_.+-]+$") then . else tojson end;

# ---- Records ---------------------------------------------------------------

# A lock's 2026 scope from its flags, as kapic maps them (a scope given as
# such wins); no flags leave the zero scope, internal.
def lock_scope:
  (.acquired == true) as $a | (.released == true) as $r
  | ((.held_on_entry // .held_entry) == true) as $he
  | ((.held_on_exit // .held_exit) == true) as $hx
  | if .scope then "KAPI_LOCK_" + (.scope | ascii_upcase)
    elif $a and ($r | not) and ($he | not) then "KAPI_LOCK_ACQUIRES"
    elif $r and ($a | not) and ($hx | not) then "KAPI_LOCK_RELEASES"
    elif $he and $hx and ($a | not) and ($r | not) then "KAPI_LOCK_CALLER_HELD"
    else "KAPI_LOCK_INTERNAL" end;

def dumpname:
  (.name // "") as $n
  | if ($n | startswith("sys_")) then $n
    elif ((.kind // .api_type // "syscall") == "syscall") then "sys_" + $n
    else $n end;

# Entries are printed at their "index" if they carry one, else at their
# position; `numbered` stores that in .index for idx to read.
def numbered: to_entries[] | .key as $i | .value | .index = (.index // $i);
def idx: .index | numtext;

def section($title; $items; f):
  "\($title) \($items | length)",
  ($items | numbered | f);

def spec_lines:
  . as $s
  | "name \(dumpname | word)",
    "context \(($s.context_flags // $s.context) | fmt_flags("context"))",
    section("param_count"; $s.parameters // $s.params // [];
      "param \(idx) \(.name | word)"
      + " ctype=\(.type_name | word)"
      + " type=\((.param_type // .type) | fmt_enum("type"))"
      + " flags=\(.flags | fmt_flags("param_flags"))"
      + " constraint_type=\(.constraint_type | fmt_enum("constraint"))"
      + " min=\(.min_value | numtext)"
      + " max=\(.max_value | numtext)"
      + " valid_mask=\(.valid_mask | numtext)"),
    (($s.return_spec // $s.return // {}) as $r
      | "return ctype=\($r.type_name | word)"
        + " type=\(($r.return_type // $r.param_type // $r.type) | fmt_enum("type"))"
        + " check_type=\($r.check_type | fmt_enum("return_check"))"
        + " success=\($r.success_value | numtext)"
        + " success_min=\($r.success_min | numtext)"
        + " success_max=\($r.success_max | numtext)"),
    section("error_count"; $s.errors // [];
      "error \(idx) \(.error_code | numtext) \(.name | word)"),
    section("signal_count"; $s.signals // [];
      "signal \(idx) \((.signal_name // .name) | word)"
      + " direction=\(.direction | fmt_flags("signal_direction"))"
      + " action=\(.action | fmt_enum("signal_action"))"
      + " restartable=\(.restartable | bool01)"),
    section("signal_mask_count"; $s.signal_masks // $s.masks // [];
      "signal_mask \(idx) \((.mask_name // .name) | word)"
      + " nsig=\((.signals // []) | length)"),
    section("lock_count"; $s.locks // [];
      "lock \(idx) \((.lock_name // .name) | word)"
      + " type=\((.lock_type // .type // .kind) | fmt_enum("lock"))"
      + if gen2026 then " scope=\(lock_scope)" else
        " acquired=\(.acquired | bool01)"
      + " released=\(.released | bool01)"
      + " held_entry=\((.held_on_entry // .held_entry) | bool01)"
      + " held_exit=\((.held_on_exit // .held_exit) | bool01)" end),
    section("constraint_count"; $s.constraints // [];
      "constraint \(idx) \(.name | word)"),
    section("side_effect_count"; $s.side_effects // [];
      "side_effect \(idx)"
      + " type=\((.effect_type // .type // .kind) | fmt_flags("effect"))"
      + " target=\(.target | word)"
      + " reversible=\(.reversible | bool01)"),
    section("state_trans_count"; $s.state_transitions // [];
      "state_trans \(idx)"
      + " object=\(.object | word)"
      + " from=\((.from_state // .from) | word)"
      + " to=\((.to_state // .to) | word)"),
    section("capability_count"; $s.capabilities // [];
      "capability \(idx)"
      + " \((.name // .cap_name // (.capability | strings) // "") | word)"
      + " action=\(.action | fmt_enum("cap_action"))"
      + " priority=\(.priority | numtext)"),
    (($s.struct_specs // $s.structs // []) as $structs
      | "struct_spec_count \($structs | length)",
        ($structs | numbered
          | idx as $si
          | "struct_spec \($si) \(.name | word)"
            + " size=\(.size | numtext)"
            + " align=\((.alignment // .align) | numtext)"
            + " field_count=\((.field_count // (.fields // [] | length)) | numtext)",
            ((.fields // []) | numbered
              | "struct_field \($si) \(idx) \(.name | word)"
                + " type=\((.type // .field_type // .param_type) | fmt_enum("type"))"
                + " ctype=\((.type_name // .ctype) | word)"))),
    if gen2026 then empty else
      "since \(($s.since_version // $s.since) | word)",
      "deprecated \($s.deprecated | bool01)"
    end;

def table_lines:
  families | to_entries[] | .key as $f | .value[]
  | select(gen2026 or (.[0] as $n | only2026 | index([$n]) | not))
  | "table \($f) \(.[0]) \(.[1] | intstr)";

# Raw text in (-R -s): protect long integers from doubles, then parse.
def bigsafe:
  gsub("(?<a>[\\[:,]\\s*)(?<n>-?[0-9]{16,})(?=\\s*[,\\]}])"; "\(.a)\"#int:\(.n)\"");

if ($ENV.KAPI_DUMP_TABLES // "") == "1" then table_lines
else
  (if type == "string" then (bigsafe | fromjson) else . end)
  | (if type == "array" then .[]
     elif type == "object" and has("specs") then .specs[]
     else . end)
  | select(($ENV.KAPI_SPEC // "") == "" or dumpname == $ENV.KAPI_SPEC)
  | spec_lines
end
