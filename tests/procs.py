# SPDX-License-Identifier: MIT
"""Processes, as /proc shows them, for the programs that drive init:
tests/e2e.py, tests/faults and bench/run.

What is read: a process's state and parent, its children and everything
below it, its zombies, its PID inside its own namespace, what it runs and
the descriptors it holds.  What is done: signals and SIGKILLs by PID (never
by name: other work runs on these machines), the reaping of what came back
to us as subreaper, and a wait for a condition, one for all three programs.

The programs under test are hostile (tests/e2e.py's Hostile names orphans
with every byte a name can hold, `)` and newlines among them), so
/proc/PID/stat is read as bytes and split after the last `)`: the name is
the only field that can hold one.

Every reader answers None, False or [] for a process that is gone, since
any of them may end between a listing of /proc and the read.
"""
import ctypes
import os
import signal
import time

PR_SET_CHILD_SUBREAPER = 36


class Stuck(AssertionError):
    """What wait_for raises when its condition did not come true in time.

    An AssertionError, so that in a unittest it fails the test (not an
    error of the test) with what was waited for; tests/faults records a
    hang of its cell from it, and bench/run stops with its message."""


def wait_for(what, cond, *, timeout=5.0):
    """cond()'s first true value, tried every 5 ms; Stuck('timed out waiting
    for WHAT') when none came within timeout seconds.

    What comes first, as the call reads: wait for "init to start", until
    this.  The timeout is by keyword only, so that a call written in one of
    the three orders this replaced fails at once, not with a number taken
    for a description.  cond is tried once more at the deadline: a wait
    that a loaded machine kept from running still sees a condition that
    came true meanwhile."""
    end = time.monotonic() + timeout
    while True:
        v = cond()
        if v:
            return v
        if time.monotonic() > end:
            raise Stuck(f'timed out waiting for {what}')
        time.sleep(0.005)


# ---------------------------------------------------------------------------
# Reading /proc

def stat_fields(pid):
    """The fields of /proc/PID/stat after the name, as bytes (state first,
    then ppid, pgrp, session, tty_nr, tpgid...), or None when pid is gone."""
    try:
        with open(f'/proc/{pid}/stat', 'rb') as f:  # a name may hold any byte
            return f.read().rsplit(b')', 1)[1].split()
    except (OSError, IndexError):
        return None


def proc_stat(pid):
    """(state, ppid) of pid, or None when it is gone."""
    f = stat_fields(pid)
    return (f[0].decode(), int(f[1])) if f and len(f) > 1 else None


def cmdline_of(pid):
    """pid's command line (NUL after each word), or b'' when it is gone."""
    try:
        with open(f'/proc/{pid}/cmdline', 'rb') as f:
            return f.read()
    except OSError:
        return b''


def all_pids():
    return [int(p) for p in os.listdir('/proc') if p.isdigit()]


def children_of(pid):
    """pid's children, by a walk of /proc: the parent a process names, not
    /proc/PID/task/TID/children, which lists only one thread's children and
    needs CONFIG_PROC_CHILDREN."""
    return [p for p in all_pids() if (proc_stat(p) or ('', 0))[1] == pid]


def descendants(pid):
    """Every process below pid, at one walk's moment."""
    found, todo = [], [pid]
    while todo:
        for c in children_of(todo.pop()):
            found.append(c)
            todo.append(c)
    return found


def zombies_of(pid):
    """pid's children that have exited and wait to be reaped."""
    return [p for p in all_pids() if proc_stat(p) == ('Z', pid)]


def inner_pid(pid):
    """pid as its own PID namespace numbers it (the last of NSpid), or None."""
    try:
        with open(f'/proc/{pid}/status') as f:
            return int(next(l for l in f if l.startswith('NSpid:')).split()[-1])
    except (OSError, StopIteration):
        return None


def runs(pid, path):
    """Whether pid runs the executable at path (its /proc/PID/exe)."""
    try:
        return os.path.samefile(f'/proc/{pid}/exe', path)
    except OSError:
        return False


def fds_of(pid):
    """pid's descriptors as sorted (number, what it refers to); one closed
    during the listing is left out, and a process gone has none."""
    try:
        fds = os.listdir(f'/proc/{pid}/fd')
    except OSError:
        return []
    out = []
    for fd in fds:
        try:
            out.append((int(fd), os.readlink(f'/proc/{pid}/fd/{fd}')))
        except OSError:
            pass
    return sorted(out)


# ---------------------------------------------------------------------------
# Signals, kills and reaping, by PID

def kill(pid, sig=signal.SIGKILL):
    """Sends sig to pid, if it is still there."""
    try:
        os.kill(pid, sig)
    except ProcessLookupError:
        pass


def kill_tree(pid):
    """SIGKILLs pid and everything below it.  The tree is listed before the
    first kill: once pid is gone its children would move to a subreaper,
    out of the walk."""
    for p in [pid] + descendants(pid):
        kill(p)


def reap_strays(keep=()):
    """Reaps our children that are zombies (what came back to us as
    subreaper and ended), but not those in keep: a child that a Popen
    object still waits for must be left to it, which would otherwise take
    ECHILD for a status of 0."""
    for p in children_of(os.getpid()):
        if p not in keep and (proc_stat(p) or ('',))[0] == 'Z':
            try:
                os.waitpid(p, os.WNOHANG)
            except ChildProcessError:
                pass


def kill_strays(keep=()):
    """SIGKILLs everything below us, waits (a second at most) until all of
    it has died, and reaps what was our child (reap_strays, with keep).

    A SIGKILL is not yet a death: the process has still to be scheduled to
    exit, which a loaded machine delays.  Reaped the moment after the kill,
    it would still be running, and become our zombie only later, when the
    next test counts the zombies its init left (tests/faults, as subreaper,
    found one so under -j 4).  Killed again at each look: a process forked
    just before its parent's kill escaped the first walk."""
    end = time.monotonic() + 1.0
    while True:
        live = [p for p in descendants(os.getpid()) if (proc_stat(p) or ('Z',))[0] not in 'ZX']
        for p in live:
            kill(p)
        if not live or time.monotonic() > end:
            break
        time.sleep(0.005)
    reap_strays(keep)


def become_subreaper():
    """Makes orphans of what we start come back to us (PR_SET_CHILD_SUBREAPER),
    to be killed by PID and reaped, rather than to the machine's init, out
    of reach.  OSError when the kernel refuses."""
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) != 0:
        err = ctypes.get_errno()
        raise OSError(err, 'cannot become subreaper: ' + os.strerror(err))


def unignore_signals():
    """Gives back their default action to the signals this process was
    started with ignored: a shell's background job inherits INT and QUIT
    ignored, and so would init and its program, whose signal state the
    tests check.  SIGPIPE stays: Python ignores it itself, and subprocess
    restores it in every child."""
    for sig in signal.valid_signals():
        if sig not in (signal.SIGKILL, signal.SIGSTOP, signal.SIGPIPE) and \
                signal.getsignal(sig) == signal.SIG_IGN:
            signal.signal(sig, signal.SIG_DFL)
