#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""End-to-end tests: the built init as real PID 1 in a fresh PID namespace
(unshare --pid --fork --mount-proc), or as a plain process (subreaper).

Every process is bounded by a timeout and everything a test started is
killed by PID when it ends.  Run as root.

    e2e.py --init build/init --helper build/tests/helper --mode pid1 [--no-pidfd] [unittest args]
"""
import argparse
import os
import pty
import re
import select
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import unittest

from procs import (become_subreaper, children_of, cmdline_of, descendants, fds_of, kill_strays, kill_tree,
                   proc_stat, runs, stat_fields, unignore_signals, wait_for, zombies_of)

INIT = HELPER = None
MODE = 'pid1'
NO_PIDFD = False
SOAK = False
EMULATED = ''  # --emulated NAME: init and helper run under qemu-user, through binfmt_misc
DYNAMIC = False  # init has a dynamic loader (sanitizer builds)
TIMEOUT = 20


def kill_all(pid):
    """SIGKILL pid and everything below it, by PID; then whatever else came
    back to us as subreaper (orphans of an init that ended), reaping those
    but never the Popen children still waited for by their objects."""
    kill_tree(pid)
    kill_strays(keep=WAITED)


WAITED = set()


def wrap(opts, pre=(), unshare=('--mount-proc', '--kill-child')):
    """The command that starts init with opts in this mode, through the
    commands of pre (each ends in exec), which run inside the namespace."""
    pre = ([HELPER, 'with', '-n', '--'] if NO_PIDFD else []) + list(pre)
    if MODE == 'pid1':
        return ['unshare', '--pid', '--fork'] + list(unshare) + pre + [INIT] + opts
    return pre + [INIT] + opts


def runs_init(pid):
    """Whether pid runs INIT.  Under qemu-user (binfmt_misc) its executable
    is qemu, and INIT is its argv[1]."""
    if runs(pid, INIT):
        return True
    if not EMULATED:
        return False
    with open(f'/proc/{pid}/cmdline', 'rb') as f:
        args = f.read().split(b'\0')
    return len(args) > 1 and args[1] == os.fsencode(INIT)


def skip_emulated(test, why):
    if EMULATED:
        test.skipTest(f'under {EMULATED}: {why}')


# qemu-user hands the guest the host's real-time signals renumbered (host 34
# arrives as 32; host 32 and 33 never arrive), so a real-time signal sent
# from here is not the one the guest sees.
QEMU_RT = 'qemu-user renumbers real-time signals (host 34 is guest 32)'


# Every init a test started, for Case.tearDown to kill should the test end
# before it does.
STARTED = []


class Case(unittest.TestCase):
    """A test that kills by PID whatever it started, however it ended."""

    def tearDown(self):
        while STARTED:
            p = STARTED.pop()
            if p.returncode is None:  # not waited for: the PID is still its own
                kill_all(p.pid)
                p.wait()


class Init:
    """init running with opts, in this mode; .pid is init's own PID."""

    def __init__(self, opts, env=None, pre=(), cmd=None, **kw):
        kw.setdefault('stdin', subprocess.PIPE)
        kw.setdefault('stdout', subprocess.PIPE)
        kw.setdefault('stderr', subprocess.PIPE)
        # unbuffered: select() must see every line that readline() has not
        self.p = subprocess.Popen(cmd or wrap(opts, pre), env=env, bufsize=0, **kw)
        WAITED.add(self.p.pid)
        STARTED.append(self.p)
        self.pid = wait_for('init to start', self._find_init)
        # signals sent before init blocks them would meet their defaults
        wait_for('init to block signals', self._ready)

    def _ready(self):
        try:
            with open(f'/proc/{self.pid}/status') as f:
                return next(int(l.split()[1], 16) for l in f if l.startswith('SigBlk:')) != 0
        except (OSError, StopIteration):
            return True  # gone already: nothing to wait for

    def _find_init(self):
        """The first process down from the one started that runs init."""
        pid = self.p.pid
        for _ in range(4):
            try:
                if runs_init(pid):
                    return pid
            except OSError:
                return None
            kids = children_of(pid)
            if not kids:
                return None
            pid = kids[0]
        return None

    def line(self, timeout=TIMEOUT):
        r, _, _ = select.select([self.p.stdout], [], [], timeout)
        if not r:
            raise AssertionError('no line from the program in time')
        return self.p.stdout.readline().decode()

    def child(self):
        """The main child's PID, as seen from here."""
        return wait_for('the main child', lambda: (children_of(self.pid) or [None])[0])

    def signal(self, sig):
        os.kill(self.pid, sig)

    def finish(self, timeout=TIMEOUT):
        try:
            if self.p.stdin and self.p.stdin.closed:
                self.p.stdin = None
            out, err = self.p.communicate(timeout=timeout)
        finally:
            kill_all(self.p.pid)
            self.p.wait()
        return self.p.returncode, (out or b'').decode(), (err or b'').decode()


def run(opts, input=None, timeout=TIMEOUT, env=None, pre=(), cmd=None, **kw):
    """Run init to its end: (status, stdout, stderr)."""
    p = subprocess.Popen(cmd or wrap(opts, pre), stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, env=env, **kw)
    WAITED.add(p.pid)
    try:
        out, err = p.communicate(input=input, timeout=timeout)
    finally:
        kill_all(p.pid)
        p.wait()
    return p.returncode, out.decode(), err.decode()


def status_fields(text):
    out = {}
    for line in text.splitlines():
        k, _, v = line.partition(' ') if not line.startswith('Sig') else line.partition(':')
        out[k] = v.strip()
    return out


def mask(*sigs):
    return f'{sum(1 << (s - 1) for s in sigs):016x}'


def env_with(**kw):
    env = {k: v for k, v in os.environ.items() if not k.startswith(('INIT_', 'TINI_'))}
    env.update(kw)
    return env


REAPED = re.compile(r'^init: (pid:\[\d+\]: )?reaped orphan (\d+) \((.*)\): (.*)$')


def proc_figures(pid):
    """(RssAnon in kB, init's descriptors) of a running init."""
    with open(f'/proc/{pid}/status') as f:
        rss = next(int(l.split()[1]) for l in f if l.startswith('RssAnon:'))
    return rss, fds_of(pid)


def run_timed(opts, **kw):
    start = time.monotonic()
    rc, out, err = run(opts, **kw)
    return rc, time.monotonic() - start, out, err


def pids_cgroup(limit):
    """A fresh pids cgroup (v1 or v2) limited to `limit`, as (procs file,
    remove function), or None with the reason printed."""
    for base, v2 in [('/sys/fs/cgroup/pids', False), ('/sys/fs/cgroup', True)]:
        if v2 and not os.path.exists(os.path.join(base, 'cgroup.controllers')):
            continue
        if not os.path.isdir(base):
            continue
        path = os.path.join(base, f'init-e2e-{os.getpid()}-{time.monotonic_ns()}')
        try:
            os.mkdir(path)
            with open(os.path.join(path, 'pids.max'), 'w') as f:
                f.write(str(limit))
        except OSError as e:
            print(f'pids cgroup at {base} not usable: {e}', file=sys.stderr)
            continue

        def remove(path=path):
            for _ in range(200):
                try:
                    os.rmdir(path)
                    return
                except OSError:
                    time.sleep(0.01)
        return os.path.join(path, 'cgroup.procs'), remove
    return None


def reap_log(test, opts, env=None, n=50, unshare=('--mount-proc', '--kill-child'), pre=()):
    """init over n named orphans: ({pid: (name, how)} as they said, init's
    stderr lines)."""
    init = Init([], cmd=wrap(opts + ['--', HELPER, 'named', str(n)], pre=pre, unshare=unshare),
                env=env_with(**(env or {})))
    spawned, done = {}, False
    while not done or len(spawned) < n:
        line = init.line()
        if line == 'done\n':
            done = True
            continue
        pid, name, how = line.split(' ', 2)
        spawned[pid] = (name, how.strip())
    # every orphan gone (exited and reaped): init has the main child only
    wait_for('orphans reaped', lambda: len(children_of(init.pid)) == 1)
    rc, _, err = init.finish()
    test.assertEqual(rc, 0)
    return spawned, err.splitlines()


def need_strace(test):
    """Skips test where strace cannot trace init alone."""
    skip_emulated(test, 'strace here would trace qemu, not init')
    if DYNAMIC:
        test.skipTest('a sanitizer build: LeakSanitizer refuses to run under ptrace')
    if not shutil.which('strace'):
        test.skipTest('strace is not installed')


def strace_counts(pid, action, opts=()):
    """The system calls of process pid alone ({name: calls}), counted by
    strace -c (with opts) attached to it while action() runs."""
    with tempfile.TemporaryDirectory() as d:
        out = os.path.join(d, 'counts')
        st = subprocess.Popen(['strace', '-c', *opts, '-p', str(pid), '-o', out],
                              stderr=subprocess.PIPE, text=True)
        WAITED.add(st.pid)
        try:
            if not select.select([st.stderr], [], [], TIMEOUT)[0] or \
                    'attached' not in st.stderr.readline():
                raise AssertionError('strace did not attach')
            action()
        finally:
            st.send_signal(signal.SIGINT)
            st.wait(timeout=TIMEOUT)
        calls = {}
        with open(out) as f:
            for line in f:
                # "% time  seconds  usecs/call  calls  [errors]  syscall"
                w = line.split()
                if len(w) >= 5 and w[3].isdigit() and w[-1] != 'total':
                    calls[w[-1]] = int(w[3])
        return calls


def all_told(init):
    """Every orphan of init reaped, the main child left, and init back in
    its one wait: its log lines for them written (it logs a reap before it
    waits again, and its writes never block)."""
    return not zombies_of(init.pid) and len(children_of(init.pid)) == 1 and \
        (proc_stat(init.pid) or ('S',))[0] == 'S'


def nonblocking_read(fd):
    """All that fd holds now."""
    os.set_blocking(fd, False)
    data = b''
    try:
        while chunk := os.read(fd, 65536):
            data += chunk
    except BlockingIOError:
        pass
    os.set_blocking(fd, True)
    return data


def fifo_for_init(test):
    """(a FIFO's read end, the commands that open its write end as fd 5 for
    init where it starts: not in unshare, which would hold it too)."""
    d = tempfile.mkdtemp()
    test.addCleanup(shutil.rmtree, d)
    fifo = os.path.join(d, 'fifo')
    os.mkfifo(fifo)
    r = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)  # EOF only once a writer came and went
    test.addCleanup(os.close, r)
    return r, ['sh', '-c', f'exec 5>{fifo}; exec "$@"', 'sh']


FORWARDED = ['HUP', 'INT', 'QUIT', 'ABRT', 'USR1', 'USR2', 'PIPE', 'ALRM', 'TERM', 'CONT',
             'TSTP', 'TTIN', 'TTOU', 'WINCH', 'URG', 'XCPU', 'XFSZ', 'VTALRM', 'PROF', 'IO',
             'PWR', 'STKFLT']


class Core(Case):

    def test_exit_codes_pass_through(self):
        # under qemu-user a run costs a third of a second: a sample
        codes = (0, 1, 2, 63, 64, 125, 126, 127, 128, 129, 254, 255) if EMULATED else range(256)
        for code in codes:
            rc, _, err = run(['--', HELPER, 'exit', str(code)])
            self.assertEqual(rc, code, err)

    def test_death_by_signal_is_128_plus_n(self):
        self.assertEqual(run(['--', 'sh', '-c', 'kill -KILL $$'])[0], 137)
        self.assertEqual(run(['--', 'sh', '-c', 'kill -TERM $$'])[0], 143)
        self.assertEqual(run(['--', 'sh', '-c', 'kill -SEGV $$'])[0], 139)

    def test_not_found_is_127(self):
        for prog in ['/nonexistent/prog', 'no-such-program-anywhere']:
            rc, out, err = run(['--', prog])
            self.assertEqual(rc, 127)
            self.assertEqual(err, f'init: {prog}: not found\n')

    def test_cannot_execute_is_126(self):
        with tempfile.TemporaryDirectory() as d:
            plain, noexec = os.path.join(d, 'plain'), os.path.join(d, 'noexec')
            with open(plain, 'w') as f:
                f.write('exit 0\n')
            with open(noexec, 'w') as f:
                f.write('#!/bin/sh\nexit 0\n')
            os.chmod(plain, 0o755)  # no #! line: ENOEXEC, never /bin/sh
            os.chmod(noexec, 0o644)
            os.chmod(d, 0o755)
            for prog, why in [(d, 'Is a directory'), (noexec, 'Permission denied'),
                              (plain, 'Exec format error')]:
                rc, out, err = run(['--', prog])
                self.assertEqual(rc, 126, prog)
                self.assertEqual(err, f'init: {prog}: cannot execute: {why}\n')

    def test_own_failures_are_125(self):
        for opts, msg in [([], 'no program given'), (['-x', 'true'], '-x: unknown option'),
                          (['--bogus', 'true'], '--bogus: unknown option')]:
            rc, out, err = run(opts)
            self.assertEqual(rc, 125)
            self.assertIn(msg, err)
            self.assertEqual(err.count('\n'), 1, err)
            self.assertTrue(err.startswith('init: '), err)

    def test_help_and_version(self):
        rc, out, err = run(['--help'])
        self.assertEqual((rc, err), (0, ''))
        self.assertIn('Usage: init', out)
        for word in ['--subreaper', '--pgroup', '--pdeathsig', '--remap-exit', '--rewrite', '--grace',
                     '--wait-all', 'INIT_WAIT_ALL', '--pause', '--unshare', '--warn-reap', '--verbose', '--quiet', '--help', '--version',
                     'INIT_SUBREAPER', 'INIT_PGROUP', 'INIT_VERBOSITY', 'INIT_GRACE', 'INIT_REMAP_EXIT',
                     'TINI_SUBREAPER', 'TINI_KILL_PROCESS_GROUP', 'TINI_VERBOSITY']:
            self.assertIn(word, out)
        # tini's form, which Docker's daemon parses: the version, then the
        # commit this checkout is at (none without a checkout)
        rc, out, err = run(['-V'])
        self.assertEqual((rc, err), (0, ''))
        self.assertRegex(out, r'^tini version \d+\.\d+\.\d+_init( - git\.[0-9a-f]{7})?\n$')
        head = subprocess.run(['git', '-C', os.path.dirname(os.path.abspath(__file__)), 'rev-parse',
                               '--show-toplevel', 'HEAD'], capture_output=True, text=True).stdout.split()
        if len(head) == 2 and os.path.samefile(head[0], os.path.join(os.path.dirname(__file__), '..')):
            self.assertTrue(out.endswith(f' - git.{head[1][:7]}\n'), out)

    def test_double_dash_is_optional(self):
        self.assertEqual(run([HELPER, 'exit', '4'])[0], 4)
        rc, out, _ = run(['sh', '-c', 'echo "$@"', 'sh', '-g', '-v'])
        self.assertEqual((rc, out), (0, '-g -v\n'))

    def test_every_signal_is_forwarded(self):
        names = [(n, getattr(signal, 'SIG' + n)) for n in FORWARDED]
        with self.subTest('real-time signals'):
            skip_emulated(self, QEMU_RT)
        if not EMULATED:
            names += [(f'RT{n}', n) for n in range(32, 65)]  # libc's reserved ones too
        init = Init(['--', HELPER, 'catch'])
        self.assertEqual(init.line(), 'ready\n')
        for name, sig in names:
            init.signal(sig)
            self.assertEqual(init.line(), f'{sig}\n', name)
            # TSTP, TTIN, TTOU never stop init itself
            self.assertNotEqual(proc_stat(init.pid)[0], 'T', name)
        rc, _, err = init.finish()
        self.assertEqual((rc, err), (0, ''))

    def test_started_with_sigchld_ignored(self):
        rc, _, err = run(['--', 'sh', '-c', 'sleep 0.1; exit 7'], pre=[HELPER, 'with', '-i', 'CHLD', '--'])
        self.assertEqual(rc, 7, err)
        rc, out, err = run(['--', HELPER, 'status'], pre=[HELPER, 'with', '-i', 'CHLD', '--'])
        self.assertEqual(status_fields(out)['SigIgn'], mask(signal.SIGCHLD))

    def test_childs_signal_state_is_what_init_inherited(self):
        rc, out, err = run(['--', HELPER, 'status'])
        f = status_fields(out)
        self.assertEqual((f['SigBlk'], f['SigIgn']), (mask(), mask()), out)
        # Under qemu-user /proc shows qemu's mask, real-time signals renumbered
        # (QEMU_RT); and qemu 7.2 puts a handler of its own on each signal
        # whose default is fatal, so HUP inherited as ignored is lost at the
        # next exec of any guest program, init or not.
        if EMULATED:
            blk, ign = {'USR1': signal.SIGUSR1}, {'TTOU': signal.SIGTTOU}
        else:
            blk = {'USR1': signal.SIGUSR1, '33': 33}
            ign = {'HUP': signal.SIGHUP, 'TTOU': signal.SIGTTOU}
        rc, out, err = run(['--', HELPER, 'status'],
                           pre=[HELPER, 'with', '-b', ','.join(blk), '-i', ','.join(ign), '--'])
        f = status_fields(out)
        self.assertEqual(f['SigBlk'], mask(*blk.values()), out)
        self.assertEqual(f['SigIgn'], mask(*ign.values()), out)

    def test_child_gets_inherited_fds_only(self):
        r, w = os.pipe()
        try:
            rc, out, err = run(['--', HELPER, 'status'], pass_fds=[r])
        finally:
            os.close(r)
            os.close(w)
        self.assertEqual(status_fields(out)['fds'], f'0 1 2 {r}', out)

    def test_orphans_reaped_while_main_child_runs(self):
        init = Init(['--', HELPER, 'orphans', '500'])
        self.assertEqual(init.line(), 'done\n')
        wait_for('no zombie left', lambda: not zombies_of(init.pid))
        self.assertEqual(proc_stat(init.pid)[0] in 'SR', True)
        self.assertEqual(init.finish()[0], 0)

    def test_exits_with_a_hundred_orphans_at_once(self):
        start = time.monotonic()
        rc, _, err = run(['--', HELPER, 'burst', '100', '9'], timeout=10)
        self.assertEqual(rc, 9, err)
        self.assertLess(time.monotonic() - start, 5)

    def test_exits_at_once_while_a_daemon_runs(self):
        start = time.monotonic()
        rc, out, err = run(['--', 'sh', '-c', 'sleep 60 >/dev/null 2>&1 & exit 3'], timeout=10)
        self.assertEqual(rc, 3, err)
        self.assertLess(time.monotonic() - start, 5)

    def test_stopped_child_is_not_exited(self):
        init = Init(['--', 'sh', '-c', 'kill -STOP $$; echo resumed; exit 4'])
        child = init.child()
        wait_for('the child to stop', lambda: (proc_stat(child) or ('',))[0] == 'T')
        time.sleep(0.1)
        self.assertIsNone(init.p.poll())
        init.signal(signal.SIGCONT)
        self.assertEqual(init.line(), 'resumed\n')
        self.assertEqual(init.finish()[0], 4)

    def test_stdin_passes_through(self):
        self.assertEqual(run(['--', 'cat'], input=b'hi\n')[:2], (0, 'hi\n'))

    def test_signal_storm(self):
        init = Init(['--', HELPER, 'catch'])
        self.assertEqual(init.line(), 'ready\n')
        sigs = [signal.SIGUSR1, signal.SIGUSR2, signal.SIGWINCH, signal.SIGHUP]
        if not EMULATED:  # QEMU_RT
            sigs.append(signal.SIGRTMIN)
        for i in range(5000):
            init.signal(sigs[i % len(sigs)])
        time.sleep(0.2)
        self.assertIn(proc_stat(init.pid)[0], 'SR')
        rc, out, err = init.finish()  # the pipe holds every line printed
        self.assertEqual((rc, err), (0, ''))
        got = set(map(int, out.split()))
        self.assertEqual(got, set(sigs))

    def test_terminal_foreground_and_ctrl_c(self):
        pid, fd = pty.fork()
        WAITED.add(pid)
        if pid == 0:
            os.execvp(wrap(['--', HELPER, 'tty'])[0], wrap(['--', HELPER, 'tty']))
        try:
            buf = b''
            end = time.monotonic() + TIMEOUT
            while b'fg ' not in buf or not buf.endswith(b'\n'):
                self.assertLess(time.monotonic(), end, buf)
                if select.select([fd], [], [], 1)[0]:
                    buf += os.read(fd, 100)
            self.assertIn(b'fg 1', buf)
            os.write(fd, b'\x03')
            end = time.monotonic() + TIMEOUT
            while True:
                done, st = os.waitpid(pid, os.WNOHANG)
                if done:
                    break
                self.assertLess(time.monotonic(), end, 'init did not end on Ctrl-C')
                if select.select([fd], [], [], 0.05)[0]:
                    try:
                        os.read(fd, 100)
                    except OSError:
                        pass
            self.assertEqual(os.waitstatus_to_exitcode(st), 130)
        finally:
            kill_all(pid)
            try:
                os.waitpid(pid, 0)
            except ChildProcessError:
                pass
            os.close(fd)

    def test_closed_standard_fds(self):
        with tempfile.TemporaryDirectory() as d:
            out = os.path.join(d, 'status')
            rc, _, _ = run(['--', HELPER, 'status', out], pre=[HELPER, 'with', '-c', '0,1,2', '--'])
            self.assertEqual(rc, 0)
            with open(out) as f:
                self.assertEqual(status_fields(f.read())['fds'], '')
            rc, text, _ = run(['--', HELPER, 'status'], pre=[HELPER, 'with', '-c', '0', '--'])
            f = status_fields(text)
            self.assertEqual((f['fds'], f['fg']), ('1 2', '0'))
            rc, _, err = run(['--', '/nonexistent'], pre=[HELPER, 'with', '-c', '0,1', '--'])
            self.assertEqual((rc, err), (127, 'init: /nonexistent: not found\n'))

    def test_socket_activation(self):
        rc, out, _ = run(['--', HELPER, 'status'], pre=['sh', '-c', 'LISTEN_PID=$$ exec "$@"', 'sh'])
        f = status_fields(out)
        self.assertEqual(f['listen'], f['pid'])
        env = dict(os.environ, LISTEN_PID='999999')
        rc, out, _ = run(['--', HELPER, 'status'], env=env)
        self.assertEqual(status_fields(out)['listen'], '999999')


class Pid1(Case):
    """What holds only as PID 1 of a namespace."""

    def setUp(self):
        if MODE != 'pid1':
            self.skipTest('PID 1 mode only')

    def test_child_is_pid_2_under_pid_1(self):
        rc, out, _ = run(['--', HELPER, 'status'])
        f = status_fields(out)
        self.assertEqual(f['ppid'], '1')
        if not EMULATED:  # qemu-user's own thread takes PID 2
            self.assertEqual(f['pid'], '2')


class Options(Case):
    """Each option and variable of SPEC.md, end to end."""

    def catchers(self, want, opts, env=None):
        """init over two catching processes in one group: the main child and
        a child of it; SIGUSR1 must reach want of them, no more."""
        init = Init(opts + ['--', HELPER, 'catch', 'twice'],
                    env=env_with(**(env or {})))
        self.assertEqual(init.line() + init.line(), 'ready\nready\n')
        init.signal(signal.SIGUSR1)
        # the end of stdin ends a catcher at once: the lines come first,
        # then a moment for any extra one to show
        got = [init.line() for _ in range(want)]
        time.sleep(0.3)
        rc, out, err = init.finish()
        self.assertEqual((rc, err), (0, ''))
        # (a catcher also tells the SIGCHLD of the other's end)
        got = ''.join(got).split() + out.split()
        self.assertEqual(got.count(str(int(signal.SIGUSR1))), want, (opts, env, got))

    def test_pgroup_reaches_the_whole_group(self):
        self.catchers(1, [])
        self.catchers(2, ['-g'])
        self.catchers(2, ['--pgroup'])
        self.catchers(2, [], {'INIT_PGROUP': 'true'})
        self.catchers(2, [], {'TINI_KILL_PROCESS_GROUP': '0'})
        self.catchers(1, [], {'INIT_PGROUP': '0', 'TINI_KILL_PROCESS_GROUP': '1'})

    def test_pdeathsig(self):
        if MODE == 'pid1':
            # unshare is init's parent: kill it, without --kill-child
            init = Init([], cmd=wrap(['-p', 'USR1', '--', HELPER, 'catch'], unshare=['--mount-proc']))
            self.assertEqual(init.line(), 'ready\n')
            os.kill(init.p.pid, signal.SIGKILL)
        else:
            # init's parent: a shell that exits once told to (a file appears);
            # fd 3 because an asynchronous list gets /dev/null as stdin
            d = tempfile.mkdtemp()
            self.addCleanup(shutil.rmtree, d)
            go = os.path.join(d, 'go')
            init = Init([], cmd=['sh', '-c', 'exec 3<&0; "$@" <&3 3<&- & '
                                 f'while [ ! -e {go} ]; do sleep 0.02; done', 'sh'] +
                        wrap(['--pdeathsig', 'SIGUSR1', '--', HELPER, 'catch']))
            self.assertEqual(init.line(), 'ready\n')
            open(go, 'w').close()
        self.assertEqual(init.line(), f'{int(signal.SIGUSR1)}\n')
        kill_all(init.pid)
        init.finish()

    def test_remap_exit(self):
        term = ['--', 'sh', '-c', 'kill -TERM $$']
        self.assertEqual(run(['-e', '143'] + term)[0], 0)
        self.assertEqual(run(['--remap-exit', '3', '-e', '4', '--', HELPER, 'exit', '4'])[0], 0)
        self.assertEqual(run(['-e', '3', '--', HELPER, 'exit', '5'])[0], 5)
        self.assertEqual(run(term, env=env_with(INIT_REMAP_EXIT='3,143'))[0], 0)
        self.assertEqual(run(['-e', '3'] + term, env=env_with(INIT_REMAP_EXIT='143'))[0], 143)
        self.assertEqual(run(['-e', '127', '--', '/nonexistent'])[0], 0)

    def test_rewrite(self):
        # 40, not RTMIN+N: musl's SIGRTMIN is 35, glibc's (Python's) 34
        init = Init(['-r', 'USR1:USR2', '--rewrite', 'HUP:0', '-r', '40:TERM', '--', HELPER, 'catch'])
        self.assertEqual(init.line(), 'ready\n')
        init.signal(signal.SIGHUP)  # dropped: the next line must be USR1's
        init.signal(signal.SIGUSR1)
        self.assertEqual(init.line(), f'{int(signal.SIGUSR2)}\n')
        if not EMULATED:  # QEMU_RT
            init.signal(40)
            self.assertEqual(init.line(), f'{int(signal.SIGTERM)}\n')
        init.signal(signal.SIGINT)
        self.assertEqual(init.line(), f'{int(signal.SIGINT)}\n')
        self.assertEqual(init.finish()[0], 0)

    def grace(self, opts, env=None):
        """init over a main child that leaves a straggler obeying TERM
        (it writes a file when TERM comes) and one ignoring it, and exits 5.
        Returns (status, seconds taken, the TERM file's text, the pids)."""
        with tempfile.TemporaryDirectory() as d:
            # setsid: outside the main child's group, found only by the walk;
            # the main child ends once both have set their traps
            script = (f'setsid sh -c \'trap "echo term > {d}/a; exit 0" TERM; : >{d}/ra; '
                      'while :; do sleep 0.05; done\' >/dev/null 2>&1 & echo $!;'
                      f'sh -c \'trap "" TERM; : >{d}/rb; while :; do sleep 0.05; done\' >/dev/null 2>&1 & echo $!;'
                      f'until [ -e {d}/ra ] && [ -e {d}/rb ]; do sleep 0.01; done; exit 5')
            start = time.monotonic()
            rc, out, err = run(opts + ['--', 'sh', '-c', script], env=env_with(**(env or {})))
            took = time.monotonic() - start
            text = open(f'{d}/a').read() if os.path.exists(f'{d}/a') else ''
        return rc, took, text, [int(p) for p in out.split()]

    def assert_gone(self, pids):
        if MODE == 'subreaper':  # as PID 1 the namespace is gone anyway
            for p in pids:
                self.assertIsNone(proc_stat(p), f'straggler {p} still runs')

    def test_grace_terms_then_kills(self):
        rc, took, text, pids = self.grace(['-t', '1'])
        self.assertEqual((rc, text), (5, 'term\n'))
        self.assertGreater(took, 0.95)  # waited out the grace for the one ignoring TERM
        self.assertLess(took, 8)
        self.assert_gone(pids)
        rc, took, text, pids = self.grace([], {'INIT_GRACE': '1'})
        self.assertEqual((rc, text), (5, 'term\n'))
        self.assert_gone(pids)

    def test_grace_zero_exits_at_once(self):
        rc, took, text, pids = self.grace(['--grace', '0'], {'INIT_GRACE': '30'})
        self.assertEqual((rc, text), (5, ''))
        self.assertLess(took, 1.5)
        for p in pids:
            kill_all(p)

    def test_grace_ends_early_when_all_are_gone(self):
        rc, took, _, _ = run_timed(['-t', '30', '--', 'sh', '-c', '(sleep 0.5 &); exit 6'])
        self.assertEqual(rc, 6)
        self.assertLess(took, 5)

    def test_pause(self):
        for sig in [signal.SIGTERM, signal.SIGINT]:
            init = Init(['-P'])
            time.sleep(0.1)
            init.signal(signal.SIGUSR1)
            init.signal(signal.SIGHUP)
            time.sleep(0.1)
            self.assertIsNone(init.p.poll())
            init.signal(sig)
            self.assertEqual(init.finish()[:3], (0, '', ''))
        rc, _, err = run(['--pause', 'true'])
        self.assertEqual(rc, 125)
        self.assertIn('--pause', err)

    def test_reap_log_names_each_orphan_rightly(self):
        spawned, lines = reap_log(self, ['-w'])
        self.assertEqual(len(spawned), 50)
        logged = {}
        for line in lines:
            m = REAPED.match(line)
            self.assertTrue(m, line)
            logged[m.group(2)] = (m.group(3), m.group(4))
        if MODE == 'pid1':  # the PIDs init sees are the ones printed
            self.assertEqual(logged, spawned)
        else:
            self.assertEqual(sorted(logged.values()), sorted(spawned.values()))

    def test_verbose_logs_orphans_too(self):
        for opts, env in [(['-v'], None), ([], {'INIT_VERBOSITY': '2'}), ([], {'TINI_VERBOSITY': '0'})]:
            spawned, lines = reap_log(self, opts, env, n=5)
            self.assertEqual(sum(1 for l in lines if REAPED.match(l)), 5, (opts, env, lines))

    def test_quiet_beats_warn_and_variables(self):
        for opts, env in [(['-q', '-w'], None), (['-q'], {'INIT_VERBOSITY': '3'}), ([], None)]:
            spawned, lines = reap_log(self, opts, env, n=5)
            self.assertEqual(lines, [], (opts, env))

    def test_very_verbose_names_the_pid_namespace(self):
        spawned, lines = reap_log(self, ['-vv'], n=3)
        ns = os.readlink('/proc/self/ns/pid')
        reaped = [REAPED.match(l) for l in lines if REAPED.match(l)]
        self.assertEqual(len(reaped), 3, lines)
        for m in reaped:
            self.assertIsNotNone(m.group(1))
            if MODE == 'subreaper':
                self.assertEqual(m.group(1), f'{ns}: ')
            else:
                self.assertNotEqual(m.group(1), f'{ns}: ')

    def test_foreign_proc_names_orphans_unknown(self):
        if MODE != 'pid1':
            self.skipTest('only a PID namespace can have a foreign /proc')
        spawned, lines = reap_log(self, ['-w'], n=5, unshare=['--kill-child'])
        names = [REAPED.match(l).group(3) for l in lines]
        self.assertEqual(names, ['?'] * 5, lines)

    def test_subreaper_flags_and_variables_are_accepted(self):
        # an orphan of the program comes back to init, in either mode: as
        # PID 1 by the kernel's rule, as subreaper because init is one
        script = '( (sleep 0.2; "$0" status) & ); sleep 1; exit 3'
        for opts, env in [(['-s'], None), (['--subreaper'], None), ([], {'INIT_SUBREAPER': 'yes'}),
                          ([], {'TINI_SUBREAPER': ''})]:
            init = Init(opts + ['--', 'sh', '-c', script, HELPER], env=env_with(**(env or {})))
            rc, out, err = init.finish()
            self.assertEqual(rc, 3, (opts, env, err))
            want = '1' if MODE == 'pid1' else str(init.pid)
            self.assertEqual(status_fields(out).get('ppid'), want, (opts, env, out))

    def test_bad_values_are_125_and_start_nothing(self):
        cases = [(['-p', 'NOPE'], None, '-p/--pdeathsig', 'NOPE'),
                 (['-r', 'TERM'], None, '-r/--rewrite', 'TERM'),
                 (['-r', 'KILL:TERM'], None, '-r/--rewrite', 'KILL:TERM'),
                 (['-t', '-1'], None, '-t/--grace', '-1'),
                 (['-t', 'abc'], None, '-t/--grace', 'abc'),
                 (['-e', '300'], None, '-e/--remap-exit', '300'),
                 (['--frobnicate'], None, '--frobnicate', None),
                 ([], {'INIT_PGROUP': 'maybe'}, 'INIT_PGROUP', 'maybe'),
                 ([], {'INIT_SUBREAPER': '2'}, 'INIT_SUBREAPER', '2'),
                 ([], {'INIT_VERBOSITY': 'loud'}, 'INIT_VERBOSITY', 'loud'),
                 ([], {'INIT_GRACE': '1.5'}, 'INIT_GRACE', '1.5'),
                 (['-t', '1'], {'INIT_GRACE': 'x'}, 'INIT_GRACE', 'x'),
                 ([], {'INIT_REMAP_EXIT': '3;4'}, 'INIT_REMAP_EXIT', '3;4'),
                 ([], {'INIT_WAIT_ALL': 'always'}, 'INIT_WAIT_ALL', 'always'),
                 (['-W'], {'INIT_WAIT_ALL': ''}, 'INIT_WAIT_ALL', None)]
        with tempfile.TemporaryDirectory() as d:
            mark = os.path.join(d, 'started')
            for opts, env, where, value in cases:
                rc, out, err = run(opts + ['--', 'sh', '-c', f'touch {mark}'], env=env_with(**(env or {})))
                self.assertEqual(rc, 125, (opts, env))
                self.assertEqual(err.count('\n'), 1, err)
                self.assertTrue(err.startswith(f'init: {where}: '), err)
                if value:
                    self.assertIn(f"'{value}'", err)
                self.assertFalse(os.path.exists(mark), (opts, env))


POLLS = ['poll', 'ppoll', 'select', 'pselect6', 'epoll_wait', 'epoll_pwait', 'epoll_pwait2']


class Budget(Case):
    """System calls per event (SPEC.md, "One wait, one loop"), counted by
    strace -c attached to init alone: a count, not a timing."""

    def setUp(self):
        need_strace(self)

    def test_two_calls_per_forwarded_signal(self):
        init = Init(['--', HELPER, 'catch'])
        self.assertEqual(init.line(), 'ready\n')

        n = 200

        def one_at_a_time():
            for _ in range(n):
                init.signal(signal.SIGUSR1)
                self.assertEqual(init.line(), f'{int(signal.SIGUSR1)}\n')
        calls = strace_counts(init.pid, one_at_a_time)
        self.assertEqual(init.finish()[0], 0)
        # By name: a read, then the forward; nothing else.  strace may miss
        # the read init was blocked in when it attached, never another.
        reads = calls.get('read', 0)
        self.assertIn(reads, (n - 1, n), calls)
        self.assertEqual(calls.get('pidfd_send_signal', 0) + calls.get('kill', 0), n, calls)
        self.assertEqual(sum(calls.values()), reads + n, calls)
        if NO_PIDFD:
            self.assertNotIn('pidfd_send_signal', calls)

    def test_at_most_three_calls_per_orphan(self):
        n = 1000
        init = Init(['--', HELPER, 'soak', '0', str(n)])
        self.assertEqual(init.line(), 'warm\n')

        def orphans():
            init.p.stdin.write(b'go\n')
            self.assertEqual(init.line(timeout=60), 'done\n')
            wait_for('every orphan reaped',
                 lambda: not zombies_of(init.pid) and len(children_of(init.pid)) == 1, timeout=30)
        calls = strace_counts(init.pid, orphans)
        self.assertEqual(init.finish()[0], 0)
        reads, waitids = calls.get('read', 0), calls.get('waitid', 0)
        for name in POLLS:
            self.assertNotIn(name, calls)
        # SIGCHLDs merge: a wake-up may stand for many orphans, but each
        # costs its reap, and each wake-up one waitid that finds none left
        self.assertLessEqual(reads, n, calls)
        self.assertGreaterEqual(waitids, n, calls)
        self.assertLessEqual(waitids, reads + n, calls)
        self.assertEqual(sum(calls.values()), reads + waitids, calls)
        self.assertLessEqual(sum(calls.values()), 3 * n, calls)


class Release(Case):
    """What init keeps for itself: none of the program's descriptors, not its
    directory, and no wait on its own log output."""

    def test_a_pipe_the_program_closes_is_closed(self):
        # a runtime's sync or readiness pipe, as fd 5
        r, pre = fifo_for_init(self)
        init = Init(['--', 'sh', '-c', 'exec 5>&-; sleep 3'], pre=pre)
        start = time.monotonic()
        self.assertTrue(select.select([r], [], [], 5)[0], 'no EOF')
        took = time.monotonic() - start
        self.assertEqual(os.read(r, 1), b'')
        self.assertIsNone(init.p.poll(), 'EOF only when init exited')
        self.assertLess(took, 2)
        init.signal(signal.SIGTERM)
        self.assertEqual(init.finish()[0], 143)

    def test_a_pause_holds_nothing_either(self):
        r, pre = fifo_for_init(self)
        init = Init(['-P'], pre=pre, cwd='/tmp')
        self.assertTrue(select.select([r], [], [], 5)[0], 'no EOF')
        wait_for("init's cwd /", lambda: os.readlink(f'/proc/{init.pid}/cwd') == '/')
        init.signal(signal.SIGTERM)
        self.assertEqual(init.finish()[0], 0)

    def test_init_moves_to_root_the_program_stays(self):
        d = os.path.realpath(tempfile.mkdtemp())
        self.addCleanup(shutil.rmtree, d)
        os.chmod(d, 0o755)
        init = Init(['--', 'sh', '-c', 'pwd; exec cat'], cwd=d)
        self.assertEqual(init.line(), d + '\n')
        # init moves once the program runs: it may not have yet
        wait_for("init's cwd /", lambda: os.readlink(f'/proc/{init.pid}/cwd') == '/')
        self.assertEqual(init.finish()[0], 0)

    def test_a_full_stderr_stops_nothing(self):
        n = 3000
        r, w = os.pipe()  # nobody reads it while the orphans come
        script = ('"$0" orphans $1 </dev/null >/dev/null; echo done; read x; '
                  '(sleep 0 &); echo one more; exec sleep 60')
        try:
            init = Init(['-w', '--', 'sh', '-c', script, HELPER, str(n)], stderr=w)
            os.close(w)
            self.assertEqual(init.line(timeout=60), 'done\n')
            wait_for('every orphan reaped and told, stderr full', lambda: all_told(init), timeout=30)
            logged = nonblocking_read(r).decode().splitlines()
            self.assertLess(len(logged), n, 'stderr was never full')
            self.assertTrue(all(REAPED.match(l) for l in logged), logged[-3:])
            init.p.stdin.write(b'go\n')  # one more orphan, and a line
            self.assertEqual(init.line(), 'one more\n')
            wait_for('the next line', lambda: select.select([r], [], [], 0)[0])
            time.sleep(0.1)
            after = nonblocking_read(r).decode().splitlines()
            self.assertEqual(after[0], f'init: {n - len(logged)} log lines dropped', after)
            self.assertRegex(after[1], REAPED)
            start = time.monotonic()
            init.signal(signal.SIGTERM)
            self.assertEqual(init.finish()[0], 143)
            self.assertLess(time.monotonic() - start, 2)
        finally:
            os.close(r)


    def test_a_stalled_terminal_stops_nothing(self):
        # stderr a terminal that nobody reads: init writes it through a
        # non-blocking opening of its own; the program's stays blocking
        master, slave = pty.openpty()
        self.addCleanup(os.close, master)
        script = ('"$0" orphans 3000 </dev/null >/dev/null; echo done; '
                  'sed -n "s/^flags:[[:space:]]*//p" /proc/self/fdinfo/2; exec sleep 60')
        init = Init(['-w', '--', 'sh', '-c', script, HELPER], stderr=slave)
        os.close(slave)
        self.assertEqual(init.line(timeout=60), 'done\n')
        flags = int(init.line(), 8)
        self.assertFalse(flags & os.O_NONBLOCK, "the program's stderr became non-blocking")
        wait_for('every orphan reaped, the terminal full', lambda: all_told(init), timeout=30)
        start = time.monotonic()
        init.signal(signal.SIGTERM)
        self.assertEqual(init.finish()[0], 143)
        self.assertLess(time.monotonic() - start, 2)


class WaitAll(Case):
    """-W: init outlives the main child while anything it started runs."""

    def leftover(self, trap, opts=('-W',), main='exit 0', main_trap=None,
                 body='while :; do sleep 0.05; done'):
        """init over a main child that leaves a process trapping TERM with
        trap ('' ignores it) and running body, and then does main (its TERM
        trapped with main_trap from the start, so that a TERM sent once
        the leftover is ready meets it); once that one is ready and the
        main child gone (if main ends), returns init."""
        script = (f'trap "{main_trap}" TERM; ' if main_trap is not None else '') + \
            f'sh -c \'trap "{trap}" TERM; echo ready; {body}\' & {main}'
        init = Init(list(opts) + ['--', 'sh', '-c', script])
        self.assertEqual(init.line(), 'ready\n')
        return init

    def main_gone(self, init):
        """Waits until init's only child is the leftover (the main child
        reaped, the leftover re-parented)."""
        leftover = wait_for('the leftover', lambda: [
            p for p in descendants(init.pid) if (proc_stat(p) or ('', 0))[1] == init.pid and
            cmdline_of(p).startswith(b'sh\0-c\0trap')])
        wait_for('the main child reaped', lambda: children_of(init.pid) == leftover)

    def test_waits_for_what_the_program_left(self):
        script = ['--', 'sh', '-c', 'sleep 2 >/dev/null 2>&1 & exit 0']
        rc, took, _, err = run_timed(['-W'] + script)
        self.assertEqual((rc, err), (0, ''))
        self.assertGreater(took, 1.8)
        self.assertLess(took, 6)
        rc, took, _, _ = run_timed(script, env=env_with(INIT_WAIT_ALL='yes'))
        self.assertGreater(took, 1.8)
        rc, took, _, _ = run_timed(script)
        self.assertEqual(rc, 0)
        self.assertLess(took, 1.5)

    def test_a_restart_by_fork_exit_exec(self):
        d = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, d)
        os.chmod(d, 0o755)
        server = os.path.join(d, 'server')
        with open(server, 'w') as f:
            f.write('#!/bin/sh\n[ "$1" = again ] && { sleep 0.5; exit 4; }\n"$0" again & exit 0\n')
        os.chmod(server, 0o755)
        rc, took, _, err = run_timed(['-W', '--', server])
        self.assertEqual((rc, err), (4, ''))
        self.assertGreater(took, 0.4)

    def test_term_while_waiting_reaches_the_rest(self):
        init = self.leftover('exit 7')
        self.main_gone(init)
        init.signal(signal.SIGTERM)
        self.assertEqual(init.finish()[0], 7)

    def test_term_while_the_main_child_runs_reaches_the_rest_too(self):
        init = self.leftover('exit 5', main_trap='exit 0', main='while :; do sleep 0.05; done')
        start = time.monotonic()
        init.signal(signal.SIGTERM)
        self.assertEqual(init.finish()[0], 5)
        self.assertLess(time.monotonic() - start, 2)

    def test_grace_counts_from_the_stop_request(self):
        # a leftover that never ends of its own: no exit but the KILL's
        init = self.leftover('', opts=('-W', '-t', '1'), body='sleep 60; :')
        self.main_gone(init)
        time.sleep(1.2)  # longer than the grace period: it has not begun
        self.assertIsNone(init.p.poll())
        start = time.monotonic()
        init.signal(signal.SIGTERM)
        self.assertEqual(init.finish()[0], 137)
        took = time.monotonic() - start
        self.assertGreater(took, 0.9)
        self.assertLess(took, 4)

    def test_nothing_runs_on_past_the_kill(self):
        # strace holds init 0.2 s after each signal it sends: a parent
        # killed after its child would run on meanwhile, to the echo and
        # an exit 0 that would be the last status reaped
        need_strace(self)
        init = self.leftover('', opts=('-W', '-t', '1'), body='sleep 60; echo ran on; exit 0')
        self.main_gone(init)
        strace_counts(init.pid, lambda: (init.signal(signal.SIGTERM), init.p.wait(timeout=TIMEOUT)),
                      ('-e', 'inject=kill,pidfd_send_signal:delay_exit=200000'))
        rc, out, err = init.finish()
        self.assertEqual((rc, out), (137, ''), err)

    def test_a_failed_main_child_is_not_masked(self):
        rc, took, _, _ = run_timed(['-W', '--', 'sh', '-c', '(sleep 1; exit 0) & exit 3'])
        self.assertEqual(rc, 3)
        self.assertGreater(took, 0.9)

    def test_three_levels_deep(self):
        script = 'sh -c \'sh -c "sleep 1; exit 6" & exit 0\' & exit 0'
        rc, took, _, _ = run_timed(['-W', '--', 'sh', '-c', script])
        self.assertEqual(rc, 6)
        self.assertGreater(took, 0.9)


class Unshare(Case):
    """-u: init makes the namespaces itself; the outer init only relays."""

    def setUp(self):
        if MODE != 'subreaper':
            self.skipTest('-u makes its own namespace: run once, from the host')
        # LeakSanitizer cannot stop the world across the new namespaces;
        # valgrind's test covers the heap (the option means nothing elsewhere)
        saved = os.environ.get('ASAN_OPTIONS')
        os.environ['ASAN_OPTIONS'] = 'detect_leaks=0'
        self.addCleanup(lambda: os.environ.pop('ASAN_OPTIONS') if saved is None
                        else os.environ.update(ASAN_OPTIONS=saved))

    def test_runs_as_pid_1_of_its_own_namespace(self):
        rc, out, err = run(['-u', '--', HELPER, 'status'])
        f = status_fields(out)
        self.assertEqual((rc, f['pid'], f['ppid']), (0, '2', '1'), err)
        self.assertEqual(run(['--unshare', HELPER, 'exit', '7'])[0], 7)
        self.assertEqual(run(['-u', '--', 'sh', '-c', 'kill -TERM $$'])[0], 143)
        rc, out, err = run(['-u', '--', 'sh', '-c', 'ls /proc | grep -c "^[0-9]"'])
        self.assertLessEqual(int(out), 4, 'processes from outside are visible')

    def test_forwards_from_outside(self):
        init = Init(['-u', '-r', 'HUP:USR2', '--', HELPER, 'catch'])
        self.assertEqual(init.line(), 'ready\n')
        for sig, want in [(signal.SIGUSR1, signal.SIGUSR1), (signal.SIGHUP, signal.SIGUSR2),
                          (signal.SIGTERM, signal.SIGTERM)]:
            init.signal(sig)
            self.assertEqual(init.line(), f'{int(want)}\n')
        self.assertEqual(init.finish()[:3], (0, '', ''))

    def test_the_relay_holds_nothing(self):
        r, pre = fifo_for_init(self)
        init = Init(['-u', '--', 'sh', '-c', 'exec 5>&-; sleep 3'], pre=pre, cwd='/tmp')
        self.assertTrue(select.select([r], [], [], 5)[0], 'no EOF')
        self.assertIsNone(init.p.poll(), 'EOF only when init exited')
        wait_for("the relay's cwd /", lambda: os.readlink(f'/proc/{init.pid}/cwd') == '/')
        init.signal(signal.SIGTERM)
        self.assertEqual(init.finish()[0], 143)

    def test_reaps_and_remaps_inside(self):
        # the main child ends once the orphan is reaped: PID 1's exit would
        # end the namespace
        script = 'p=$(sh -c "sleep 0.1 >/dev/null & echo \\$!"); while kill -0 $p 2>/dev/null; do sleep 0.02; done; exit 3'
        rc, _, err = run(['-u', '-w', '-e', '3', '--', 'sh', '-c', script])
        self.assertEqual(rc, 0)
        self.assertRegex(err, r'^init: reaped orphan \d+ \(sleep\): exited 0\n$')
        rc, _, err = run(['-u', '--', '/nonexistent'])
        self.assertEqual((rc, err), (127, 'init: /nonexistent: not found\n'))

    def test_unprivileged(self):
        nobody = ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups', '--']
        probe = subprocess.run(nobody + ['unshare', '--user', '--map-root-user', 'true'],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        if probe.returncode != 0:
            self.skipTest('unprivileged user namespaces are not allowed here')
        # nobody must reach both programs, and a build folder may be private
        # (a 0700 scratch folder): run copies from a folder anyone can read
        shared = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, shared)
        os.chmod(shared, 0o755)
        init, helper = (shutil.copy(path, shared) for path in (INIT, HELPER))
        nopidfd = [HELPER, 'with', '-n', '--'] if NO_PIDFD else []
        rc, out, err = run([], cmd=nopidfd + nobody + [init, '-u', '--', helper, 'status'])
        f = status_fields(out)
        self.assertEqual((rc, f.get('pid'), f.get('ppid')), (0, '2', '1'), err)


def copies_for_nobody(test):
    """(init, helper): copies that nobody can run, in a folder anyone can
    read (a build folder may be private: a 0700 scratch folder)."""
    shared = tempfile.mkdtemp()
    test.addCleanup(shutil.rmtree, shared)
    os.chmod(shared, 0o755)
    return tuple(shutil.copy(path, shared) for path in (INIT, HELPER))


NOBODY = ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups', '--']


class Hostile(Case):
    """The program as an adversary: what it controls (names, timing, PIDs,
    groups, its uid) is hostile input (SPEC.md, "Safe with the program it
    runs")."""

    def named_orphan(self, name, opts=('-w',)):
        """init's stderr after it reaped an orphan that named itself name."""
        script = '("$0" comm "$1" &); exec cat'
        init = Init(list(opts) + ['--', 'sh', '-c', script, HELPER, name])
        # its line, once it is reaped
        self.assertTrue(select.select([init.p.stderr], [], [], TIMEOUT)[0], 'no line')
        line = init.p.stderr.readline().decode()
        init.p.stdin.close()
        rc, _, err = init.finish()
        self.assertEqual((rc, err), (0, ''))
        return line

    def test_a_name_cannot_forge_a_log_line(self):
        err = self.named_orphan('\r\x1b[2Kinit: ok\\')
        self.assertRegex(err, r'^init: reaped orphan \d+ \(\\x0d\\x1b\[2Kinit: ok\\\\\): exited 0\n$')
        # every byte a name can hold, but NUL: 15 at a time
        for first in range(1, 256, 15):
            raw = bytes(b for b in range(first, first + 15) if 0 < b < 256)
            err = self.named_orphan(os.fsdecode(raw))
            name = re.match(r'^init: reaped orphan \d+ \((.*)\): exited 0\n$', err).group(1)
            self.assertTrue(all(0x20 <= ord(c) < 0x7f for c in name), name)
            back = re.sub(rb'\\x([0-9a-f]{2})|\\\\', lambda m: bytes([int(m.group(1), 16)]) if m.group(1)
                          else b'\\', name.encode())
            self.assertEqual(back, raw)

    def test_values_and_programs_in_errors_are_escaped(self):
        cases = [([], {'INIT_GRACE': '5\ninit: main child 1: exited 0'}, ['true'], 125,
                  "init: INIT_GRACE: '5\\x0ainit: main child 1: exited 0': want whole seconds, at most 1000000\n"),
                 (['-t', '\x1b[8m'], None, ['true'], 125,
                  "init: -t/--grace: '\\x1b[8m': want whole seconds, at most 1000000\n"),
                 (['--\x1b[2Kx'], None, ['true'], 125, 'init: --\\x1b[2Kx: unknown option\n'),
                 (['-\x07'], None, ['true'], 125, 'init: -\\x07: unknown option\n'),
                 ([], None, ['/nonexistent/\x1b[8m\\x'], 127, 'init: /nonexistent/\\x1b[8m\\\\x: not found\n'),
                 ([], None, ['-P', '\x1b]0;x\x07'], 125, "init: -P/--pause: '\\x1b]0;x\\x07': runs no program\n"),
                 ([], None, ['/nonexistent/' + 'x' * 2000], 127, None)]
        for opts, env, prog, want_rc, want in cases:
            rc, _, err = run(opts + ['--'] + prog if prog[0] != '-P' else opts + prog, env=env_with(**(env or {})))
            self.assertEqual(rc, want_rc, err)
            if want:
                self.assertEqual(err, want)
            else:  # cut, and the cut marked
                self.assertRegex(err, r'^init: /nonexistent/x+\\\.\.\.: not found\n$')
                self.assertLess(len(err), 1100)

    def test_a_missing_interpreter_is_named(self):
        d = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, d)
        os.chmod(d, 0o755)
        script = os.path.join(d, 'x.sh')
        with open(script, 'w') as f:
            f.write('#!/nonexistent/sh\nexit 0\n')
        os.chmod(script, 0o755)
        # an ELF whose loader (PT_INTERP) is not there: a copy of a dynamic
        # program with its loader's path renamed, at the same length
        with open(shutil.which('sh'), 'rb') as f:
            elf = f.read()
        loader = re.search(rb'/lib[^\0]*/ld-[^\0]+\.so[^\0]*', elf)
        binary = os.path.join(d, 'nold')
        if loader:
            with open(binary, 'wb') as f:
                f.write(elf.replace(loader.group(0), b'/' + b'x' * (len(loader.group(0)) - 1)))
            os.chmod(binary, 0o755)
        why = "interpreter not found (the #! line's, or the ELF loader)"
        for prog, env in [(script, None), ('x.sh', {'PATH': f'/nonexistent:{d}:/bin'})] + \
                ([(binary, None)] if loader else []):
            rc, _, err = run(['--', prog], env=env_with(**(env or {})))
            self.assertEqual((rc, err), (127, f'init: {prog}: {why}\n'))
        self.assertEqual(run(['--', os.path.join(d, 'none')])[:3:2],
                         (127, f'init: {os.path.join(d, "none")}: not found\n'))

    def test_lines_dropped_at_the_end_are_told_at_exit(self):
        n = 3000
        r, w = os.pipe()  # nobody reads it while the orphans come
        self.addCleanup(os.close, r)
        script = '"$0" orphans $1 </dev/null >/dev/null; echo done; read x; exit 4'
        init = Init(['-w', '--', 'sh', '-c', script, HELPER, str(n)], stderr=w)
        os.close(w)
        self.assertEqual(init.line(timeout=60), 'done\n')
        wait_for('every orphan reaped and told, stderr full', lambda: all_told(init), timeout=30)
        logged = nonblocking_read(r).decode().splitlines()
        self.assertLess(len(logged), n, 'stderr was never full')
        init.p.stdin.write(b'go\n')  # the program ends; no line comes after the drops
        self.assertEqual(init.finish()[0], 4)
        self.assertEqual(nonblocking_read(r).decode(), f'init: {n - len(logged)} log lines dropped\n')

    def test_signals_go_only_to_its_own(self):
        # As subreaper, -W: the main child's group empties while a process
        # it left lives on; a stranger (not init's descendant) takes that
        # group's number, as ns_last_pid forces here and hours of a busy
        # pid_max do anyway.  TERM to init must not reach the stranger.
        if MODE != 'subreaper':
            self.skipTest('makes a PID namespace of its own, to force PIDs')
        d = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, d)
        left = ('import os, subprocess, time; p = subprocess.Popen(["sleep", "0.3"]); '
                'os.setpgid(0, 0); p.wait(); open("empty", "w").close(); time.sleep(30)')
        pre = f'"{HELPER}" with -n -- ' if NO_PIDFD else ''
        script = f"""
            cd {d}
            {pre}"{INIT}" -W -vv -- sh -c 'echo $$ > main; "$0" -c "$1" & exit 0' "{sys.executable}" '{left}' 2>err &
            I=$!
            until [ -e empty ]; do sleep 0.02; done
            m=$(cat main)
            echo $((m - 1)) > /proc/sys/kernel/ns_last_pid
            setsid sleep 2 & S=$!
            [ "$S" = "$m" ] || echo "not forced: $S $m"
            until [ "$(cut -d' ' -f6 /proc/$S/stat)" = $S ]; do sleep 0.01; done  # leads a session
            kill -TERM $I; wait $I; echo "init $?"
            wait $S; echo "stranger $?"
        """
        rc, out, err = run([], cmd=['unshare', '--pid', '--fork', '--mount-proc', '--kill-child',
                                    'sh', '-c', script], timeout=30)
        with open(os.path.join(d, 'err')) as f:
            log = f.read()
        self.assertEqual(out, 'init 143\nstranger 0\n', (err, log))
        self.assertIn('init: pid:', log)
        self.assertRegex(log, r'sent SIGTERM to 1 process\n')

    def test_very_verbose_counts_what_was_signalled(self):
        # the main child ends once the unkillable one ignores TERM
        script = 'sleep 30 & ("$0" unkillable &) | head -n 1; exit 5'
        rc, took, out, err = run_timed(['-vv', '-t', '1', '--', 'sh', '-c', script, HELPER])
        self.assertEqual(rc, 5, err)
        sent = re.findall(r'^init: pid:\[\d+\]: (sent SIG\w+ to .*)$', err, re.M)
        if MODE == 'pid1':
            self.assertEqual(sent, ['sent SIGTERM to every process', 'sent SIGKILL to every process'])
        else:
            self.assertEqual(sent, ['sent SIGTERM to 2 processes', 'sent SIGKILL to 1 process'])

    def test_a_stop_always_ends(self):
        # init as nobody, -t 1; a set-user-ID root process ignores TERM and
        # may not be signalled at all: named 1 s after the KILL, and init
        # exits with the program's status
        skip_emulated(self, "qemu-user's binfmt handler runs a set-user-ID program without its owner's rights")
        init_copy, helper = copies_for_nobody(self)
        os.chmod(helper, 0o4755)
        script = '("$0" unkillable &) | head -n 1; exit 5'  # once it ignores TERM
        cmd = [c if c != INIT else init_copy for c in wrap(['-t', '1', '--', 'sh', '-c', script, helper], pre=NOBODY)]
        start = time.monotonic()
        rc, out, err = run([], cmd=cmd, timeout=15)
        took = time.monotonic() - start
        self.assertEqual((rc, out), (5, 'ready\n'), err)
        self.assertRegex(err, r'(?m)^init: warning: unable to end \d+ \(helper\): not reaped 1 s after SIGKILL; '
                              r'not waited for$')
        if MODE == 'subreaper':  # as PID 1, kill(-1) cannot tell who was refused
            self.assertRegex(err, r'(?m)^init: warning: unable to signal \d+ \(helper\): Operation not permitted$')
        self.assertGreater(took, 1.9)
        self.assertLess(took, 6)

    def test_not_dumpable(self):
        # root without CAP_SYS_PTRACE, as in Docker by default
        seize = ('import ctypes, os, sys; libc = ctypes.CDLL(None, use_errno=True); '
                 'pid = int(sys.argv[1]) if len(sys.argv) > 1 else os.getppid(); '
                 'r = libc.ptrace(0x4206, pid, 0, 0); print(os.strerror(ctypes.get_errno()) if r else "attached")')
        drop = ['setpriv', '--bounding-set=-sys_ptrace', '--']
        rc, out, err = run(['--', sys.executable, '-c', seize], pre=drop)
        self.assertEqual((rc, out), (0, 'Operation not permitted\n'), err)
        if MODE != 'subreaper':
            return
        # the -u relay, and the new PID 1 below it (LeakSanitizer cannot
        # stop the world across the new namespaces)
        init = Init(['-u', '--', 'sleep', '30'], env=dict(os.environ, ASAN_OPTIONS='detect_leaks=0'), cwd='/tmp')
        inner = wait_for('the new PID 1', lambda: children_of(init.pid))[0]
        for pid in (init.pid, inner):
            # each moves to / just after it makes itself undumpable
            wait_for(f'{pid} undumpable', lambda: os.readlink(f'/proc/{pid}/cwd') == '/')
            got = subprocess.run(drop + [sys.executable, '-c', seize, str(pid)], capture_output=True,
                                 text=True, timeout=TIMEOUT).stdout
            self.assertEqual(got, 'Operation not permitted\n', pid)
        init.signal(signal.SIGTERM)
        self.assertEqual(init.finish()[0], 143)


class Shell:
    """An interactive bash on a pseudo-terminal, typed at as a person would."""

    PROMPT = '@prompt@ '

    def __init__(self, test):
        if not shutil.which('bash'):
            test.skipTest('no bash')
        # LeakSanitizer cannot stop the world across -u's namespaces (the
        # option means nothing to builds without it)
        env = {'PATH': os.environ.get('PATH', '/usr/bin:/bin'), 'HOME': '/', 'TERM': 'dumb',
               'PS1': self.PROMPT, 'ASAN_OPTIONS': 'detect_leaks=0'}
        pid, fd = pty.fork()
        if pid == 0:
            os.execvpe('bash', ['bash', '--norc', '--noprofile', '-i'], env)
        WAITED.add(pid)
        self.pid, self.fd, self.out = pid, fd, ''
        test.addCleanup(self.close)
        self.expect(re.escape(self.PROMPT))

    def close(self):
        kill_all(self.pid)
        try:
            os.waitpid(self.pid, 0)
        except ChildProcessError:
            pass
        os.close(self.fd)

    def send(self, text):
        os.write(self.fd, text.encode())

    def expect(self, pattern, timeout=TIMEOUT):
        """The match of pattern in what the terminal showed since the last
        one; what the user typed is echoed too, so a pattern should match
        only an answer (echo x-$((1+1)) answers x-2)."""
        end = time.monotonic() + timeout
        while not (m := re.search(pattern, self.out)):
            left = end - time.monotonic()
            if left <= 0:
                raise AssertionError(f'no {pattern!r} on the terminal: {self.out[-600:]!r}')
            if select.select([self.fd], [], [], left)[0]:
                try:
                    chunk = os.read(self.fd, 4096)
                except OSError:
                    chunk = b''
                if not chunk:
                    raise AssertionError(f'the shell ended: {self.out[-600:]!r}')
                # without the terminal's controls (bracketed paste) and CRs
                self.out += re.sub(r'\x1b\[[0-9;?]*[A-Za-z]|\r', '', chunk.decode(errors='replace'))
        self.out = self.out[m.end():]
        return m

    def status_is(self, code):
        """The last command's status, asked of the shell, is code."""
        self.send('echo status=$?\n')
        self.expect(f'status={code}')

    def foreground(self):
        """Whether the shell's own group holds the terminal."""
        fields = stat_fields(self.pid)
        if fields is None:
            raise AssertionError('the shell is gone')
        return fields[2] == fields[5]  # pgrp, tpgid

    def running(self, marker):
        """Waits until a process below the shell has marker in its command
        line (NUL between words): the program runs.  Ctrl-Z waits for that:
        typed while dash forks (vfork), it stops the child before its exec
        and leaves dash waiting for it, unstopped, with or without init,
        and the shell waits for ever."""
        return wait_for(f'{marker} to run', lambda: next(
            (p for p in descendants(self.pid) if marker.encode() in cmdline_of(p)), None))


class JobControl(Case):
    """init typed at an interactive shell: a background init leaves the
    terminal alone, a foreground program reads it, Ctrl-Z suspends the whole
    job, and fg or bg resume it (SPEC.md, "The child's world")."""

    def setUp(self):
        skip_emulated(self, 'qemu-user runs no job-control stops for the guest as the kernel would')

    def variants(self):
        """How init is typed: as this mode runs it, and with -u (which makes
        its own namespace: once, from the host)."""
        return [[]] + ([['-u']] if MODE == 'subreaper' else [])

    def typed(self, opts, script):
        return shlex.join(wrap(opts + ['--', 'sh', '-c', script])) + '\n'

    def test_ctrl_z_then_fg(self):
        for opts in self.variants():
            with self.subTest(opts=opts):
                sh = Shell(self)
                sh.send(self.typed(opts, 'sleep 1.01; echo end-$((2+2)); exit 5'))
                sh.running('sleep\0' + '1.01')
                sh.send('\x1a')
                sh.expect(r'Stopped')
                sh.expect(re.escape(Shell.PROMPT))
                self.assertTrue(sh.foreground(), 'the shell did not get its terminal back')
                sh.send('echo prompt-$((6*7))\n')
                sh.expect('prompt-42')
                sh.send('fg\n')
                sh.expect('end-4')
                sh.status_is(5)

    def test_ctrl_z_then_bg(self):
        for opts in self.variants():
            with self.subTest(opts=opts):
                sh = Shell(self)
                # the sleep counts while stopped: long enough for the
                # prompt after bg to come first
                sh.send(self.typed(opts, 'sleep 3.01; echo end-$((2+2)); exit 6'))
                sh.running('sleep\0' + '3.01')
                sh.send('\x1a')
                sh.expect(r'Stopped')
                sh.send('bg\n')
                sh.send('echo prompt-$((6*7))\n')
                sh.expect('prompt-42')
                self.assertTrue(sh.foreground(), 'bg took the terminal from the shell')
                sh.expect('end-4')
                sh.send('wait %1; echo status=$?\n')
                sh.expect('status=6')

    def test_a_background_init_leaves_the_terminal(self):
        for opts in self.variants():
            with self.subTest(opts=opts):
                sh = Shell(self)
                sh.send(self.typed(opts, 'sleep 1.5; echo end-$((2+2))').rstrip('\n') + ' &\n')
                sh.running('sleep 1.5')
                self.assertTrue(sh.foreground(), 'a background init took the terminal')
                sh.send('echo prompt-$((6*7))\n')
                sh.expect('prompt-42')
                sh.expect('end-4')
                sh.send('wait; echo status=$?\n')
                sh.expect('status=0')

    def test_a_background_read_stops_the_job_until_fg(self):
        # the program, started in the background, reads the terminal: it
        # stops (TTIN), and so does init's job; fg gives it the terminal
        for opts in self.variants():
            with self.subTest(opts=opts):
                sh = Shell(self)
                sh.send('set -b\n')  # job changes told at once, not at the next prompt
                sh.send(self.typed(opts, 'read x; echo got-$x-$((1+1))').rstrip('\n') + ' &\n')
                sh.expect(r'Stopped')
                self.assertTrue(sh.foreground(), 'a background init took the terminal')
                sh.send('fg\n')
                sh.running('read x')
                sh.send('hello\n')
                sh.expect('got-hello-2')
                sh.status_is(0)

    def test_a_foreground_program_reads_the_terminal(self):
        for opts in self.variants():
            with self.subTest(opts=opts):
                sh = Shell(self)
                sh.send(self.typed(opts, 'read x; echo got-$x-$((1+1))'))
                sh.running('read x')
                sh.send('hello\n')
                sh.expect('got-hello-2')
                sh.status_is(0)


class Faults(Case):
    """Hostile conditions: init carries on, or fails cleanly with 125."""

    def test_soak_100000_orphans(self):
        if not SOAK:
            self.skipTest('run by the soak test (--soak)')
        # a file, not a pipe: nobody reads 100,000 log lines while they come
        log = tempfile.TemporaryFile()
        init = Init(['-w', '--', HELPER, 'soak', '2000', '100000'], stderr=log)
        self.assertEqual(init.line(), 'warm\n')
        wait_for('the warm-up reaped', lambda: not zombies_of(init.pid))
        before = proc_figures(init.pid)
        start = time.monotonic()
        init.p.stdin.write(b'go\n')
        self.assertEqual(init.line(timeout=600), 'done\n')
        wait_for('every orphan reaped', lambda: not zombies_of(init.pid))
        after = proc_figures(init.pid)
        took = time.monotonic() - start
        rc, _, _ = init.finish()
        self.assertEqual(rc, 0)
        log.seek(0)
        self.assertEqual(log.read().decode().count('reaped orphan'), 102000)
        self.assertEqual(after[1], before[1], 'descriptors changed')
        self.assertEqual(after[0], before[0], 'RssAnon changed')
        print(f'soak: 100000 orphans in {took:.1f} s; RssAnon {after[0]} kB; fds {len(after[1])}',
              file=sys.stderr)

    def test_too_few_descriptors_is_125(self):
        skip_emulated(self, 'qemu-user needs descriptors of its own before init runs')
        if DYNAMIC:
            self.skipTest('a dynamic build: its loader needs a descriptor before init runs')
        rc, _, err = run(['--', 'true'], pre=['prlimit', '--nofile=3:3', '--'])
        self.assertEqual(rc, 125)
        # EMFILE, in glibc's words or musl's
        self.assertIn(err, ['init: unable to set up signals and reaping: Too many open files\n',
                            'init: unable to set up signals and reaping: No file descriptors available\n'])

    def test_no_proc_names_orphans_unknown(self):
        if MODE != 'pid1':
            self.skipTest('needs a mount namespace of its own')
        if DYNAMIC:
            self.skipTest('sanitizers read their options and maps from /proc')
        spawned, lines = reap_log(self, ['-w'], n=5, unshare=['--mount', '--kill-child'],
                                          pre=['sh', '-c', 'umount -l /proc && exec "$@"', 'sh'])
        names = [REAPED.match(l).group(3) for l in lines]
        self.assertEqual(names, ['?'] * 5, lines)

    def test_queued_signals_all_arrive_while_orphans_churn(self):
        skip_emulated(self, QEMU_RT)
        # real-time signals queue, so each one sent must be forwarded once
        # churn's output elsewhere: the test must not wait for it to end
        init = Init(['--', 'sh', '-c', '"$0" churn 2000 >/dev/null 2>&1 & exec "$0" catch', HELPER])
        self.assertEqual(init.line(), 'ready\n')
        rt = signal.SIGRTMIN + 1
        for i in range(3000):
            init.signal(rt if i % 3 else signal.SIGUSR1)
        # every one waited for (the end of stdin ends the catcher at once),
        # then a moment for any extra one to show
        got = []
        while got.count(int(rt)) < 2000 or int(signal.SIGUSR1) not in got:
            got.append(int(init.line()))
        time.sleep(0.3)
        rc, out, err = init.finish()
        self.assertEqual((rc, err), (0, ''))
        got += map(int, out.split())
        self.assertEqual(got.count(int(rt)), 2000)
        self.assertEqual(zombies_of(init.pid), [])


class Cgroup(Case):

    def in_cgroup(self, limit, opts):
        cg = pids_cgroup(limit)
        if not cg:
            self.skipTest('no writable pids cgroup (v1 or v2) here')
        procs, remove = cg
        try:
            # LeakSanitizer needs a thread at exit, which a full pids cgroup
            # refuses; the option is ignored by builds without it
            env = dict(os.environ, ASAN_OPTIONS='detect_leaks=0')
            return run(opts, pre=['sh', '-c', f'echo $$ > {procs} && exec "$@"', 'sh'], timeout=60, env=env)
        finally:
            remove()

    def test_orphans_do_not_fill_a_pids_cgroup(self):
        # forks under qemu-user are ten times slower: fewer, still far more than 32
        rc, out, err = self.in_cgroup(32, ['--', HELPER, 'churn', '300' if EMULATED else '2000'])
        self.assertEqual(rc, 0, err)

    def test_fork_failure_is_125(self):
        skip_emulated(self, 'qemu-user needs a thread of its own, which a pids cgroup of 1 refuses')
        # room for init only: the main child cannot be forked
        rc, out, err = self.in_cgroup(1, ['--', 'true'])
        self.assertEqual(rc, 125, err)
        self.assertEqual(err, 'init: unable to start true: Resource temporarily unavailable\n')


def main():
    global INIT, HELPER, MODE, NO_PIDFD, SOAK, DYNAMIC, EMULATED
    ap = argparse.ArgumentParser()
    ap.add_argument('--init', required=True)
    ap.add_argument('--helper', required=True)
    ap.add_argument('--mode', choices=['pid1', 'subreaper'], default='pid1')
    ap.add_argument('--no-pidfd', action='store_true')
    ap.add_argument('--soak', action='store_true', help='also the 100,000-orphan soak')
    ap.add_argument('--emulated', metavar='NAME', default='',
                    help='init and helper run under qemu-user NAME: skip, saying why, what it cannot do')
    args, rest = ap.parse_known_args()
    INIT, HELPER = os.path.abspath(args.init), os.path.abspath(args.helper)
    MODE, NO_PIDFD, SOAK = args.mode, args.no_pidfd, args.soak
    EMULATED = args.emulated
    with open(INIT, 'rb') as f:  # PT_INTERP's path sits near the start
        DYNAMIC = b'/ld-' in f.read(4096)
    # The tests check the signal state init passes on, so start from a clean
    # one (a background job's INT and QUIT, for one, come ignored).
    unignore_signals()
    # Orphans that outlive a test come back here, to be killed by PID.
    try:
        become_subreaper()
    except OSError as e:
        print(e.strerror, file=sys.stderr)
        sys.exit(1)
    if os.geteuid() != 0:
        print('end-to-end tests need root (unshare, cgroups)', file=sys.stderr)
        sys.exit(77)
    unittest.main(argv=[sys.argv[0], '-v'] + rest)


if __name__ == '__main__':
    main()
