/*
 * Every key the view model (compiler/view.c, compiler/emit.c) puts in a
 * map, as an X-macro: K(name).  The template engine gives each one a
 * canonical address (tv_keys), so that a name in a template resolves to
 * that address once, when the template is parsed, and a lookup while
 * rendering compares pointers instead of strings.  A key missing here
 * still works, through string comparison; it is only slower.
 *
 * No other macro may be called on the argument: errno is a macro.
 */
K(acquired) K(action) K(alignment) K(allows) K(alternative_count)
K(alternatives) K(alternatives_c) K(any) K(args) K(argument_only) K(c)
K(capabilities) K(capabilities_count) K(check) K(code) K(condition)
K(constants) K(constraint) K(constraint_kind) K(constraint_kind_macro)
K(constraints) K(constraints_count) K(context) K(ctype) K(date)
K(deprecated) K(description) K(description_first) K(description_rest)
K(descriptions) K(direction) K(doc) K(errno) K(error) K(error_value_count)
K(error_values) K(errors) K(errors_count) K(errors_sorted) K(examples)
K(expects_success) K(expr) K(field_count) K(fields) K(flags) K(from)
K(generator) K(has_capabilities) K(has_constants) K(has_constraints)
K(has_error_values) K(has_errors) K(has_locks) K(has_params)
K(has_side_effects) K(has_signal_masks) K(has_signals)
K(has_state_transitions) K(has_structs) K(has_values) K(held_entry)
K(held_exit) K(hex) K(index) K(interruptible) K(is_checked) K(is_const)
K(is_syscall) K(items) K(kernel_name) K(kind) K(locks) K(locks_count)
K(macro) K(man_section) K(mask) K(mask_constants) K(max) K(min) K(name)
K(negative_errno) K(notes) K(number) K(object) K(offset) K(params)
K(params_count) K(priority) K(queue) K(range) K(released) K(replacement)
K(restartable) K(return) K(reversible) K(runtime) K(runtime_include)
K(sa_flags_forbidden)
K(sa_flags_required) K(setups) K(side_effects) K(side_effects_count)
K(signal_masks) K(signal_masks_count) K(signals) K(signals_count)
K(signum) K(since) K(size) K(size_multiplier) K(size_param) K(source)
K(spec) K(spec_date) K(specs) K(state_forbidden) K(state_required)
K(state_transitions) K(state_transitions_count) K(structs)
K(structs_count) K(success) K(success_range) K(summary) K(target)
K(tested) K(tests) K(tests_count) K(text) K(timing) K(to) K(transform)
K(type) K(untestable) K(untestable_errors) K(validator_c) K(validator_h)
K(value) K(value_count) K(values) K(verifies) K(verify) K(when)
K(without) K(word)
