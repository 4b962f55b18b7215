/*
 * The fixture library of the kapic test runtime against the real kernel:
 * each case sets up with fixtures, makes a real system call and judges it
 * as a generated test would.  The "system call" is syscall(a[0], a[1],
 * a[2], a[3]): a case picks the call by its number, so one program covers
 * close, read, write, open and the rest.  run-fixtures.sh runs it as root
 * and as nobody and checks its TAP, and that nothing is left behind.
 */
#define _GNU_SOURCE
#include "kapi-runtime.h"

static long call_any(const long *a)
{
	return syscall(a[0], a[1], a[2], a[3]);
}

/* The call closes every descriptor below KAPI_HIGH_FD: the report survives. */
static long call_close_low(const long *a)
{
	int fd;

	(void)a;
	for (fd = 0; fd < KAPI_HIGH_FD; fd++)
		close(fd);
	return 0;
}

static void case_close_low(struct kapi_env *env)
{
	long a[1] = { 0 };

	env->call = call_close_low;
	kapi_invoke(env, a, 1);
	kapi_expect_success(env);
}

/* The case works in a private directory in $TMPDIR (run-fixtures.sh sets it). */
static void case_private_dir(struct kapi_env *env)
{
	const char *t = getenv("TMPDIR");
	char cwd[PATH_MAX];
	long a[4] = { SYS_getpid };

	if (!t || strncmp(env->dir, t, strlen(t)) != 0 || !getcwd(cwd, sizeof cwd) || strcmp(cwd, env->dir))
		kapi_fail(env, "the private directory is %s, the cwd %s, TMPDIR %s", env->dir, cwd, t ? t : "unset");
	kapi_invoke(env, a, 1);
	kapi_expect_success(env);
}

static void case_close_stderr(struct kapi_env *env)
{
	long a[4] = { SYS_close, 2 };

	kapi_invoke(env, a, 2);
	kapi_expect_success(env);
}


/* CASE(name, setup; a[] = ...; expectation; verifications) */
#define CALL3(nr, x, y, z) do { long a_[4] = { (nr), (long)(x), (long)(y), (long)(z) }; \
	kapi_invoke(env, a_, 4); } while (0)

static void fd_read_file(struct kapi_env *env)
{
	long fd = kapi_fx_file_fd(env, O_RDONLY), buf = kapi_fx_buffer(env, 100);

	CALL3(SYS_read, fd, buf, 100);
	kapi_expect_success(env);
	kapi_fx_ret_equals(env, KAPI_FILE_BYTES);
	kapi_fx_ret_at_most(env, 100);
	kapi_fx_buf_pattern(env, buf, KAPI_FILE_BYTES);
	kapi_fx_fd_offset(env, fd, KAPI_FILE_BYTES);
}

static void fd_write_rdonly(struct kapi_env *env)
{
	CALL3(SYS_write, kapi_fx_file_fd(env, O_RDONLY), kapi_fx_pattern_buf(env, 4), 4);
	kapi_expect_errno(env, EBADF, "EBADF");
}

static void fd_read_wronly(struct kapi_env *env)
{
	CALL3(SYS_read, kapi_fx_file_fd(env, O_WRONLY), kapi_fx_buffer(env, 4), 4);
	kapi_expect_errno(env, EBADF, "EBADF");
}

static void fd_append(struct kapi_env *env)
{
	long fd = kapi_fx_file_fd(env, O_WRONLY | O_APPEND);

	CALL3(SYS_write, fd, kapi_fx_pattern_buf(env, 10), 10);
	kapi_expect_success(env);
	kapi_fx_ret_equals(env, 10);
	kapi_fx_fd_size(env, fd, KAPI_FILE_BYTES + 10);
	kapi_fx_fd_offset(env, fd, KAPI_FILE_BYTES + 10);
}

static void fd_rdwr(struct kapi_env *env)
{
	long fd = kapi_fx_file_fd(env, O_RDWR);

	CALL3(SYS_write, fd, kapi_fx_pattern_buf(env, 30), 30);
	kapi_expect_success(env);
	kapi_fx_fd_pattern(env, fd, KAPI_FILE_BYTES);
	kapi_fx_fd_size(env, fd, KAPI_FILE_BYTES);
}

static void fd_opath(struct kapi_env *env)
{
	CALL3(SYS_read, kapi_fx_file_fd(env, O_PATH), kapi_fx_buffer(env, 4), 4);
	kapi_expect_errno(env, EBADF, "EBADF");
}

static void fd_closed(struct kapi_env *env)
{
	CALL3(SYS_close, kapi_fx_closed_fd(env), 0, 0);
	kapi_expect_errno(env, EBADF, "EBADF");
}

static void fd_above(struct kapi_env *env)
{
	CALL3(SYS_close, kapi_fx_fd_above_limit(env), 0, 0);
	kapi_expect_errno(env, EBADF, "EBADF");
}

static void fd_close_ok(struct kapi_env *env)
{
	long fd = kapi_fx_file_fd(env, O_RDONLY);

	CALL3(SYS_close, fd, 0, 0);
	kapi_expect_success(env);
	kapi_fx_fd_closed(env, fd);
}

static void fd_dir(struct kapi_env *env)
{
	CALL3(SYS_read, kapi_fx_dir_fd(env), kapi_fx_buffer(env, 4), 4);
	kapi_expect_errno(env, EISDIR, "EISDIR");
}

static void pipe_empty_nb(struct kapi_env *env)
{
	CALL3(SYS_read, kapi_fx_pipe_read(env, O_NONBLOCK), kapi_fx_buffer(env, 4), 4);
	kapi_expect_errno(env, EAGAIN, "EAGAIN");
}

static void pipe_eintr(struct kapi_env *env)
{
	kapi_fx_catch_signal(env, SIGALRM, 0);
	kapi_fx_signal_after(env, SIGALRM, 50);
	CALL3(SYS_read, kapi_fx_pipe_read(env, 0), kapi_fx_buffer(env, 4), 4);
	kapi_expect_errno(env, EINTR, "EINTR");
	kapi_fx_signal_raised(env, SIGALRM);
}

static void pipe_data(struct kapi_env *env)
{
	long buf = kapi_fx_buffer(env, 10);

	CALL3(SYS_read, kapi_fx_pipe_data(env, 7), buf, 10);
	kapi_expect_success(env);
	kapi_fx_ret_equals(env, 7);
	kapi_fx_buf_pattern(env, buf, 7);
}

static void pipe_full_nb(struct kapi_env *env)
{
	CALL3(SYS_write, kapi_fx_pipe_full(env, O_NONBLOCK), kapi_fx_pattern_buf(env, 1), 1);
	kapi_expect_errno(env, EAGAIN, "EAGAIN");
}

static void pipe_full_eintr(struct kapi_env *env)
{
	kapi_fx_catch_signal(env, SIGALRM, 0);
	kapi_fx_signal_after(env, SIGALRM, 50);
	CALL3(SYS_write, kapi_fx_pipe_full(env, 0), kapi_fx_pattern_buf(env, 1), 1);
	kapi_expect_errno(env, EINTR, "EINTR");
}

static void pipe_epipe(struct kapi_env *env)
{
	kapi_fx_expect_signal(env, SIGPIPE);
	CALL3(SYS_write, kapi_fx_pipe_no_reader(env), kapi_fx_pattern_buf(env, 1), 1);
	kapi_expect_errno(env, EPIPE, "EPIPE");
}

static void pipe_epipe_ignored(struct kapi_env *env)
{
	kapi_fx_ignore_signal(env, SIGPIPE);
	CALL3(SYS_write, kapi_fx_pipe_no_reader(env), kapi_fx_pattern_buf(env, 1), 1);
	kapi_expect_errno(env, EPIPE, "EPIPE");
}

static void pipe_epipe_blocked(struct kapi_env *env)
{
	kapi_fx_block_signal(env, SIGPIPE);
	CALL3(SYS_write, kapi_fx_pipe_no_reader(env), kapi_fx_pattern_buf(env, 1), 1);
	kapi_expect_errno(env, EPIPE, "EPIPE");
	kapi_fx_signal_raised(env, SIGPIPE);
}

static void pipe_eof(struct kapi_env *env)
{
	CALL3(SYS_read, kapi_fx_pipe_no_writer(env), kapi_fx_buffer(env, 4), 4);
	kapi_expect_success(env);
	kapi_fx_ret_equals(env, 0);
}

static void sock_pair(struct kapi_env *env)
{
	CALL3(SYS_write, kapi_fx_socket_pair(env), kapi_fx_pattern_buf(env, 3), 3);
	kapi_expect_success(env);
	kapi_fx_ret_equals(env, 3);
}

static void udp(struct kapi_env *env)
{
	CALL3(SYS_write, kapi_fx_udp_socket(env), kapi_fx_pattern_buf(env, 3), 3);
	kapi_expect_errno(env, EDESTADDRREQ, "EDESTADDRREQ");
}

static void eventfd_short(struct kapi_env *env)
{
	CALL3(SYS_read, kapi_fx_event_fd(env, 1), kapi_fx_buffer(env, 4), 4);
	kapi_expect_errno(env, EINVAL, "EINVAL");
}

static void ev_read(struct kapi_env *env)
{
	long buf = kapi_fx_buffer(env, 8);

	CALL3(SYS_read, kapi_fx_event_fd(env, 5), buf, 8);
	kapi_expect_success(env);
	kapi_fx_ret_equals(env, 8);
	kapi_fx_buf_filled(env, buf, 1, 5);
}

static void epoll_read(struct kapi_env *env)
{
	CALL3(SYS_read, kapi_fx_epoll_fd(env), kapi_fx_buffer(env, 8), 8);
	kapi_expect_errno(env, EINVAL, "EINVAL");
}

static void timerfd_short(struct kapi_env *env)
{
	CALL3(SYS_read, kapi_fx_timer_fd(env), kapi_fx_buffer(env, 4), 4);
	kapi_expect_errno(env, EINVAL, "EINVAL");
}

static void timerfd_read(struct kapi_env *env)
{
	CALL3(SYS_read, kapi_fx_timer_fd(env), kapi_fx_buffer(env, 8), 8);
	kapi_expect_success(env);
	kapi_fx_ret_equals(env, 8);
}

static void memfd_sealed(struct kapi_env *env)
{
	CALL3(SYS_write, kapi_fx_sealed_memfd(env), kapi_fx_pattern_buf(env, 3), 3);
	kapi_expect_errno(env, EPERM, "EPERM");
}

static void devnull(struct kapi_env *env)
{
	CALL3(SYS_write, kapi_fx_dev_null(env, O_WRONLY), kapi_fx_pattern_buf(env, 3), 3);
	kapi_expect_success(env);
	kapi_fx_ret_equals(env, 3);
}

static void devzero(struct kapi_env *env)
{
	long buf = kapi_fx_pattern_buf(env, 16);

	CALL3(SYS_read, kapi_fx_dev_zero(env, O_RDONLY), buf, 16);
	kapi_expect_success(env);
	kapi_fx_buf_filled(env, buf, 16, 0);
}

static void devfull(struct kapi_env *env)
{
	CALL3(SYS_write, kapi_fx_dev_full(env, O_WRONLY), kapi_fx_pattern_buf(env, 3), 3);
	kapi_expect_errno(env, ENOSPC, "ENOSPC");
}

static void pty(struct kapi_env *env)
{
	CALL3(SYS_read, kapi_fx_pty_hungup(env), kapi_fx_buffer(env, 4), 4);
	kapi_expect_errno(env, EIO, "EIO");
}

static void pty_slave(struct kapi_env *env)
{
	CALL3(SYS_write, kapi_fx_pty_slave_hungup(env), kapi_fx_pattern_buf(env, 4), 4);
	kapi_expect_errno(env, EIO, "EIO");
}

static void p_nodev(struct kapi_env *env)
{
	CALL3(SYS_open, kapi_fx_nodev_path(env), O_RDONLY, 0);
	kapi_expect_errno(env, ENODEV, "ENODEV");
}

static void p_busy(struct kapi_env *env)
{
	CALL3(SYS_open, kapi_fx_busy_blockdev(env), O_RDONLY | O_EXCL, 0);
	kapi_expect_errno(env, EBUSY, "EBUSY");
}

static void fuse_close_eio(struct kapi_env *env)
{
	CALL3(SYS_close, kapi_fx_fuse_fd(env, EIO), 0, 0);
	kapi_expect_errno(env, EIO, "EIO");
}

static void fuse_close_eintr(struct kapi_env *env)
{
	kapi_fx_catch_signal(env, SIGALRM, 0);
	kapi_fx_signal_after(env, SIGALRM, 50);
	CALL3(SYS_close, kapi_fx_fuse_fd(env, EINTR), 0, 0);
	kapi_expect_errno(env, EINTR, "EINTR");
}

static void fuse_close_ok(struct kapi_env *env)
{
	long fd = kapi_fx_fuse_fd(env, 0);

	CALL3(SYS_close, fd, 0, 0);
	kapi_expect_success(env);
	kapi_fx_fd_closed(env, fd);
}

static void fuse_write_edquot(struct kapi_env *env)
{
	CALL3(SYS_write, kapi_fx_fuse_fd(env, EDQUOT), kapi_fx_pattern_buf(env, 4), 4);
	kapi_expect_errno(env, EDQUOT, "EDQUOT");
}

static void fuse_create_enospc(struct kapi_env *env)
{
	CALL3(SYS_open, kapi_fx_fuse_new_path(env, ENOSPC), O_WRONLY | O_CREAT, 0600);
	kapi_expect_errno(env, ENOSPC, "ENOSPC");
}

/* ---- paths ---- */

static void p_temp_file(struct kapi_env *env)
{
	long path = kapi_fx_temp_file(env, 0640, 10);

	CALL3(SYS_open, path, O_RDONLY, 0);
	kapi_expect_success(env);
	kapi_fx_ret_is_fd(env);
	kapi_fx_fd_size(env, env->ret, 10);
	kapi_fx_fd_pattern(env, env->ret, 10);
	kapi_fx_path_size(env, path, 10);
}

static void p_creat_umask(struct kapi_env *env)
{
	struct stat st;
	long path = kapi_fx_missing_path(env);

	kapi_fx_umask(env, 077);
	CALL3(SYS_open, path, O_WRONLY | O_CREAT | O_EXCL, 0666);
	kapi_expect_success(env);
	if (stat((const char *)path, &st) != 0 || (st.st_mode & 0777) != 0600)
		kapi_fail(env, "umask(077) did not give mode 0600");
}

static void p_temp_dir(struct kapi_env *env)
{
	CALL3(SYS_open, kapi_fx_temp_dir(env), O_WRONLY, 0);
	kapi_expect_errno(env, EISDIR, "EISDIR");
}

static void p_missing(struct kapi_env *env)
{
	CALL3(SYS_open, kapi_fx_missing_path(env), O_RDONLY, 0);
	kapi_expect_errno(env, ENOENT, "ENOENT");
}

static void p_notdir(struct kapi_env *env)
{
	CALL3(SYS_open, kapi_fx_notdir_path(env), O_RDONLY, 0);
	kapi_expect_errno(env, ENOTDIR, "ENOTDIR");
}

static void p_dangling(struct kapi_env *env)
{
	CALL3(SYS_open, kapi_fx_dangling_symlink(env), O_RDONLY, 0);
	kapi_expect_errno(env, ENOENT, "ENOENT");
}

static void p_loop(struct kapi_env *env)
{
	CALL3(SYS_open, kapi_fx_symlink_loop(env), O_RDONLY, 0);
	kapi_expect_errno(env, ELOOP, "ELOOP");
}

static void p_nofollow(struct kapi_env *env)
{
	CALL3(SYS_open, kapi_fx_symlink_file(env), O_RDONLY | O_NOFOLLOW, 0);
	kapi_expect_errno(env, ELOOP, "ELOOP");
}

static void p_long(struct kapi_env *env)
{
	CALL3(SYS_open, kapi_fx_long_path(env, PATH_MAX), O_RDONLY, 0);
	kapi_expect_errno(env, ENAMETOOLONG, "ENAMETOOLONG");
}

static void p_long_ok(struct kapi_env *env)
{
	CALL3(SYS_open, kapi_fx_long_path(env, PATH_MAX - 1), O_RDONLY, 0);
	kapi_expect_errno(env, ENOENT, "ENOENT");
}

static void p_component(struct kapi_env *env)
{
	CALL3(SYS_open, kapi_fx_long_component(env, NAME_MAX + 1), O_RDONLY, 0);
	kapi_expect_errno(env, ENAMETOOLONG, "ENAMETOOLONG");
}

static void p_fifo(struct kapi_env *env)
{
	CALL3(SYS_open, kapi_fx_fifo_path(env), O_WRONLY | O_NONBLOCK, 0);
	kapi_expect_errno(env, ENXIO, "ENXIO");
}

static void p_fifo_eintr(struct kapi_env *env)
{
	kapi_fx_catch_signal(env, SIGALRM, 0);
	kapi_fx_signal_after(env, SIGALRM, 50);
	CALL3(SYS_open, kapi_fx_fifo_path(env), O_RDONLY, 0);
	kapi_expect_errno(env, EINTR, "EINTR");
}

static void p_socket(struct kapi_env *env)
{
	CALL3(SYS_open, kapi_fx_unix_socket_path(env), O_RDONLY, 0);
	kapi_expect_errno(env, ENXIO, "ENXIO");
}

static void p_eacces(struct kapi_env *env)
{
	kapi_fx_unprivileged(env);
	CALL3(SYS_open, kapi_fx_unreadable_file(env), O_RDONLY, 0);
	kapi_expect_errno(env, EACCES, "EACCES");
}

static void p_noatime(struct kapi_env *env)
{
	kapi_fx_unprivileged(env);
	CALL3(SYS_open, kapi_fx_foreign_file(env), O_RDONLY | O_NOATIME, 0);
	kapi_expect_errno(env, EPERM, "EPERM");
}

static void p_tmpfile(struct kapi_env *env)
{
	CALL3(SYS_open, kapi_fx_no_tmpfile_dir(env), O_TMPFILE | O_RDWR, 0600);
	kapi_expect_errno(env, EOPNOTSUPP, "EOPNOTSUPP");
}

static void p_rofs(struct kapi_env *env)
{
	CALL3(SYS_open, kapi_fx_rofs_file(env), O_WRONLY, 0);
	kapi_expect_errno(env, EROFS, "EROFS");
}

static void p_rofs_read(struct kapi_env *env)
{
	CALL3(SYS_open, kapi_fx_rofs_file(env), O_RDONLY, 0);
	kapi_expect_success(env);
	kapi_fx_fd_pattern(env, env->ret, KAPI_FILE_BYTES);
}

static void p_full(struct kapi_env *env)
{
	CALL3(SYS_open, kapi_fx_full_fs_path(env), O_WRONLY | O_CREAT, 0600);
	kapi_expect_errno(env, ENOSPC, "ENOSPC");
}

static void p_txtbsy(struct kapi_env *env)
{
	CALL3(SYS_open, kapi_fx_running_exe(env), O_WRONLY, 0);
	kapi_expect_errno(env, ETXTBSY, "ETXTBSY");
}

static void p_lease(struct kapi_env *env)
{
	CALL3(SYS_open, kapi_fx_leased_file(env), O_WRONLY | O_NONBLOCK, 0);
	kapi_expect_errno(env, EWOULDBLOCK, "EWOULDBLOCK");
}

static void p_openat_rel(struct kapi_env *env)
{
	long path = kapi_fx_temp_file(env, 0644, 5);

	CALL3(SYS_openat, kapi_fx_dir_fd(env), kapi_fx_base_name(env, path), O_RDONLY);
	kapi_expect_success(env);
	kapi_fx_fd_size(env, env->ret, 5);
}

static void p_openat_badf(struct kapi_env *env)
{
	long path = kapi_fx_temp_file(env, 0644, 5);

	CALL3(SYS_openat, kapi_fx_closed_fd(env), kapi_fx_base_name(env, path), O_RDONLY);
	kapi_expect_errno(env, EBADF, "EBADF");
}

static void p_private_cwd(struct kapi_env *env)
{
	kapi_fx_private_cwd(env);
	CALL3(SYS_open, (long)"made-here", O_WRONLY | O_CREAT | O_EXCL, 0600);
	kapi_expect_success(env);
}

/* ---- buffers ---- */

static void b_readonly(struct kapi_env *env)
{
	CALL3(SYS_read, kapi_fx_dev_zero(env, O_RDONLY), kapi_fx_readonly_buf(env, 8), 8);
	kapi_expect_errno(env, EFAULT, "EFAULT");
}

static void b_readonly_write(struct kapi_env *env)
{
	long fd = kapi_fx_file_fd(env, O_RDWR | O_TRUNC);

	CALL3(SYS_write, fd, kapi_fx_readonly_buf(env, 8), 8);
	kapi_expect_success(env);
	kapi_fx_fd_pattern(env, fd, 8);
}

static void b_null(struct kapi_env *env)
{
	CALL3(SYS_read, kapi_fx_dev_zero(env, O_RDONLY), kapi_fx_null_ptr(env), 8);
	kapi_expect_errno(env, EFAULT, "EFAULT");
}

static void b_hole(struct kapi_env *env)
{
	CALL3(SYS_write, kapi_fx_file_fd(env, O_WRONLY), kapi_fx_hole(env, 1), 8);
	kapi_expect_errno(env, EFAULT, "EFAULT");
}

static void b_straddle(struct kapi_env *env)
{
	long fd = kapi_fx_file_fd(env, O_WRONLY | O_TRUNC);

	/* a write copies what it can: the mapped half */
	CALL3(SYS_write, fd, kapi_fx_straddle(env, 16), 16);
	kapi_expect_success(env);
	kapi_fx_ret_equals(env, 8);
}

static void b_kernel(struct kapi_env *env)
{
	CALL3(SYS_read, kapi_fx_dev_zero(env, O_RDONLY), kapi_fx_kernel_address(env), 8);
	kapi_expect_errno(env, EFAULT, "EFAULT");
}

static void b_restart(struct kapi_env *env)
{
	kapi_fx_catch_signal(env, SIGALRM, SA_RESTART);
	CALL3(SYS_read, kapi_fx_pipe_data(env, 3), kapi_fx_buffer(env, 3), 3);
	kapi_expect_success(env);
}

/* ---- the environment ---- */

static void e_nofile(struct kapi_env *env)
{
	kapi_fx_rlimit(env, RLIMIT_NOFILE, 3);
	CALL3(SYS_open, (long)"/dev/null", O_RDONLY, 0);
	kapi_expect_errno(env, EMFILE, "EMFILE");
}

static void e_fsize(struct kapi_env *env)
{
	kapi_fx_ignore_signal(env, SIGXFSZ);
	kapi_fx_rlimit(env, RLIMIT_FSIZE, KAPI_FILE_BYTES);
	CALL3(SYS_write, kapi_fx_file_fd(env, O_WRONLY | O_APPEND), kapi_fx_pattern_buf(env, 3), 3);
	kapi_expect_errno(env, EFBIG, "EFBIG");
}

static void e_dropcap(struct kapi_env *env)
{
	kapi_fx_capable(env, CAP_DAC_OVERRIDE);
	kapi_fx_drop_capability(env, CAP_DAC_OVERRIDE);
	kapi_fx_drop_capability(env, CAP_DAC_READ_SEARCH);
	CALL3(SYS_open, kapi_fx_unreadable_file(env), O_RDONLY, 0);
	kapi_expect_errno(env, EACCES, "EACCES");
}

static void e_vmlck(struct kapi_env *env)
{
	long p = kapi_fx_mapped(env, 1);

	kapi_fx_memlock_budget(env, kapi_fx_pages(env, 1));
	if (mlock((void *)p, (size_t)env->page_size) != 0)
		kapi_skip(env, "mlock: %s", strerror(errno));
	CALL3(SYS_munlock, p, env->page_size, 0);
	kapi_expect_success(env);
	kapi_fx_vmlck_shrank(env, 1);
}

static const struct kapi_case cases[] = {
	{ "report channel: the call closes fds 0..999", case_close_low, 0, NULL },
	{ "report channel: close(2)", case_close_stderr, 0, NULL },
	{ "private directory: in TMPDIR, the working directory", case_private_dir, 0, NULL },
	{ "file_fd(O_RDONLY): read all of it", fd_read_file, 0, NULL },
	{ "file_fd(O_RDONLY): write is EBADF", fd_write_rdonly, EBADF, NULL },
	{ "file_fd(O_WRONLY): read is EBADF", fd_read_wronly, EBADF, NULL },
	{ "file_fd(O_APPEND): write appends", fd_append, 0, NULL },
	{ "file_fd(O_RDWR): write at offset 0", fd_rdwr, 0, NULL },
	{ "file_fd(O_PATH): read is EBADF", fd_opath, EBADF, NULL },
	{ "closed_fd: close is EBADF", fd_closed, EBADF, NULL },
	{ "fd_above_limit: close is EBADF", fd_above, EBADF, NULL },
	{ "fd_closed: close closes", fd_close_ok, 0, NULL },
	{ "dir_fd: read is EISDIR", fd_dir, EISDIR, NULL },
	{ "pipe_read(O_NONBLOCK): EAGAIN", pipe_empty_nb, EAGAIN, NULL },
	{ "pipe_read(0) with signal_after: EINTR", pipe_eintr, EINTR, NULL },
	{ "pipe_data(7): read 7", pipe_data, 0, NULL },
	{ "pipe_full(O_NONBLOCK): EAGAIN", pipe_full_nb, EAGAIN, NULL },
	{ "pipe_full(0) with signal_after: EINTR", pipe_full_eintr, EINTR, NULL },
	{ "pipe_no_reader with expect_signal(SIGPIPE): EPIPE", pipe_epipe, EPIPE, NULL },
	{ "pipe_no_reader with ignore_signal(SIGPIPE): EPIPE", pipe_epipe_ignored, EPIPE, NULL },
	{ "pipe_no_reader with block_signal(SIGPIPE): EPIPE, signal pending", pipe_epipe_blocked, EPIPE, NULL },
	{ "pipe_no_writer: read returns 0", pipe_eof, 0, NULL },
	{ "socket_pair: write", sock_pair, 0, NULL },
	{ "udp_socket: write is EDESTADDRREQ", udp, EDESTADDRREQ, NULL },
	{ "event_fd: read of 4 is EINVAL", eventfd_short, EINVAL, NULL },
	{ "event_fd(5): read of 8", ev_read, 0, NULL },
	{ "epoll_fd: read is EINVAL", epoll_read, EINVAL, NULL },
	{ "timer_fd: read of 4 is EINVAL", timerfd_short, EINVAL, NULL },
	{ "timer_fd: read of 8", timerfd_read, 0, NULL },
	{ "sealed_memfd: write is EPERM", memfd_sealed, EPERM, NULL },
	{ "dev_null: write", devnull, 0, NULL },
	{ "dev_zero: read zeroes", devzero, 0, NULL },
	{ "dev_full: write is ENOSPC", devfull, ENOSPC, NULL },
	{ "pty_hungup: read is EIO", pty, EIO, NULL },
	{ "pty_slave_hungup: write is EIO", pty_slave, EIO, NULL },
	{ "nodev_path: open is ENODEV", p_nodev, ENODEV, NULL },
	{ "busy_blockdev: O_EXCL open is EBUSY", p_busy, EBUSY, NULL },
	{ "fuse_fd(EIO): close is EIO", fuse_close_eio, EIO, NULL },
	{ "fuse_fd(EINTR) with signal_after: close is EINTR", fuse_close_eintr, EINTR, NULL },
	{ "fuse_fd(0): close", fuse_close_ok, 0, NULL },
	{ "fuse_fd(EDQUOT): write is EDQUOT", fuse_write_edquot, EDQUOT, NULL },
	{ "fuse_new_path(ENOSPC): O_CREAT is ENOSPC", fuse_create_enospc, ENOSPC, NULL },
	{ "temp_file(0640, 10): open and read", p_temp_file, 0, NULL },
	{ "umask(077): O_CREAT gives 0600", p_creat_umask, 0, NULL },
	{ "temp_dir: O_WRONLY is EISDIR", p_temp_dir, EISDIR, NULL },
	{ "missing_path: ENOENT", p_missing, ENOENT, NULL },
	{ "notdir_path: ENOTDIR", p_notdir, ENOTDIR, NULL },
	{ "dangling_symlink: ENOENT", p_dangling, ENOENT, NULL },
	{ "symlink_loop: ELOOP", p_loop, ELOOP, NULL },
	{ "symlink_file with O_NOFOLLOW: ELOOP", p_nofollow, ELOOP, NULL },
	{ "long_path(PATH_MAX): ENAMETOOLONG", p_long, ENAMETOOLONG, NULL },
	{ "long_path(PATH_MAX - 1): ENOENT", p_long_ok, ENOENT, NULL },
	{ "long_component(NAME_MAX + 1): ENAMETOOLONG", p_component, ENAMETOOLONG, NULL },
	{ "fifo_path, O_WRONLY | O_NONBLOCK: ENXIO", p_fifo, ENXIO, NULL },
	{ "fifo_path, O_RDONLY with signal_after: EINTR", p_fifo_eintr, EINTR, NULL },
	{ "unix_socket_path: ENXIO", p_socket, ENXIO, NULL },
	{ "unreadable_file, unprivileged: EACCES", p_eacces, EACCES, NULL },
	{ "foreign_file, O_NOATIME, unprivileged: EPERM", p_noatime, EPERM, NULL },
	{ "no_tmpfile_dir, O_TMPFILE: EOPNOTSUPP", p_tmpfile, EOPNOTSUPP, NULL },
	{ "rofs_file, O_WRONLY: EROFS", p_rofs, EROFS, NULL },
	{ "rofs_file, O_RDONLY: its contents", p_rofs_read, 0, NULL },
	{ "full_fs_path, O_CREAT: ENOSPC", p_full, ENOSPC, NULL },
	{ "running_exe, O_WRONLY: ETXTBSY", p_txtbsy, ETXTBSY, NULL },
	{ "leased_file, O_WRONLY | O_NONBLOCK: EWOULDBLOCK", p_lease, EWOULDBLOCK, NULL },
	{ "openat(dir_fd, base_name(temp_file))", p_openat_rel, 0, NULL },
	{ "openat(closed_fd, relative): EBADF", p_openat_badf, EBADF, NULL },
	{ "private_cwd: O_CREAT of a relative name", p_private_cwd, 0, NULL },
	{ "readonly_buf: read into it is EFAULT", b_readonly, EFAULT, NULL },
	{ "readonly_buf: write from it", b_readonly_write, 0, NULL },
	{ "null_ptr: read into it is EFAULT", b_null, EFAULT, NULL },
	{ "hole: write from it is EFAULT", b_hole, EFAULT, NULL },
	{ "straddle(16): write copies the mapped half", b_straddle, 0, NULL },
	{ "kernel_address: read into it is EFAULT", b_kernel, EFAULT, NULL },
	{ "catch_signal(SIGALRM, SA_RESTART): no signal, read", b_restart, 0, NULL },
	{ "rlimit(RLIMIT_NOFILE, 3): EMFILE", e_nofile, EMFILE, NULL },
	{ "rlimit(RLIMIT_FSIZE, 64), SIGXFSZ ignored: EFBIG", e_fsize, EFBIG, NULL },
	{ "drop_capability(CAP_DAC_OVERRIDE): EACCES", e_dropcap, EACCES, NULL },
	{ "vmlck_shrank after munlock", e_vmlck, 0, NULL },
};

int main(void)
{
	return kapi_main("fixtures", cases, sizeof cases / sizeof cases[0], call_any, call_any, 1);
}
