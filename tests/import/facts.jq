# The facts of kapic's JSON model that an imported spec must give back,
# by the form it was imported from (tests/import/*.sh, docs/import.md).
# Each deletion names a fact the form cannot hold.

# Both forms: constants are named, not defined (an import takes their
# values from the system headers, or leaves them 0), so an expression is
# compared by its text; the generator line names the input file.
def common:
	walk(if type == "object" and has("text") and has("value") then del(.value) else . end)
	| del(.generator, .source, .constants);

# The 2026 kernel-doc comment (templates/kerneldoc.tmpl).  Its prose is
# wrapped text: runs of blanks are one space.
def kerneldoc:
	common
	| walk(if type == "string" then gsub("[ \t]+"; " ") else . end)
	| .specs[] |= (
		del(.tests, .since_version, .date, .deprecated, .replacement, .libc,
		    .signal_masks, .signal_mask_count, .struct_specs, .struct_spec_count)
		| .parameters[] |= (del(.type_name, .size_multiplier)
			| if .mask_documenting then .valid_mask = null | .mask_documenting = false
			  else . end)
		| .return_spec |= (if . then del(.type_name) else . end)
		| .errors[] |= del(.when, .untestable, .tests)
		| .locks[] |= del(.descriptions)
		| .capabilities[] |= del(.alternatives));

# The 2025 kernel block (templates/kernel.tmpl).  Its C expressions
# carry the parentheses C's precedence wants ((A | B) | C for A | B | C):
# an expression's text is compared without them.  The 2025 header has no
# macro for a structure field's enum values.
def kernel:
	common
	| walk(if type == "object" and has("text") and (.text | type) == "string"
	       then .text |= gsub("[()]"; "") else . end)
	| .specs[] |= (
		del(.tests, .date, .libc)
		| .errors[] |= del(.when, .untestable, .tests)
		| .struct_specs[].fields[] |= del(.enum_values));

# The 2026 kernel block (--kapi=2026): no since_version, deprecated or
# replacement, a lock's scope for its four booleans.
def kernel2026:
	kernel
	| .specs[] |= (
		del(.since_version, .deprecated, .replacement)
		| .locks[] |= del(.acquired, .released, .held_on_entry, .held_on_exit));
