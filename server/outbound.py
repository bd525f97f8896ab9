"""Make a server process unable to open network connections (Linux seccomp, no dependency).

The SERVICE / LOAD checks in ``server.query_text`` read the query's text; pyoxigraph does not
expose its parsed algebra, and its HTTP client cannot be switched off from Python. So, with
``allow_service`` off, each ``kg serve`` worker also installs a seccomp filter that makes
``connect(2)`` fail with EACCES for every thread of the process: whatever a query makes the
store try, no request leaves the machine, to loopback or elsewhere, and every attempt fails the
same way (no port scanning through error messages). Accepting and answering the connections
gunicorn hands the worker needs no ``connect``.
"""
from __future__ import annotations

import ctypes
import errno
import logging
import platform
import struct

log = logging.getLogger("kg.server")

_ARCHES = {
    # machine: (AUDIT_ARCH_*, __NR_connect, __NR_seccomp)
    "x86_64": (0xC000003E, 42, 317),
    "aarch64": (0xC00000B7, 203, 277),
}
_PR_SET_NO_NEW_PRIVS = 38
_SECCOMP_SET_MODE_FILTER = 1
_SECCOMP_FILTER_FLAG_TSYNC = 1
_RET_ALLOW = 0x7FFF0000
_RET_ERRNO = 0x00050000
_X32_SYSCALL_BIT = 0x40000000
# classic BPF opcodes
_LD_W_ABS = 0x20
_JEQ_K = 0x15
_JGE_K = 0x35
_RET_K = 0x06


def _filter(arch: int, connect_nr: int) -> bytes:
    def op(code: int, jt: int, jf: int, k: int) -> bytes:
        return struct.pack("HBBI", code, jt, jf, k)

    deny = _RET_ERRNO | errno.EACCES
    return b"".join([
        op(_LD_W_ABS, 0, 0, 4),                 # seccomp_data.arch
        op(_JEQ_K, 1, 0, arch),                 # another ABI (32-bit compat): deny every call
        op(_RET_K, 0, 0, deny),
        op(_LD_W_ABS, 0, 0, 0),                 # seccomp_data.nr
        op(_JGE_K, 2, 0, _X32_SYSCALL_BIT),     # x32 calls on x86_64: deny
        op(_JEQ_K, 1, 0, connect_nr),
        op(_RET_K, 0, 0, _RET_ALLOW),
        op(_RET_K, 0, 0, deny),
    ])


def forbid_outbound_connections() -> bool:
    """Make ``connect(2)`` fail in every thread of this process, now and later; True if done."""
    known = _ARCHES.get(platform.machine())
    if known is None:
        log.warning("cannot forbid outbound connections on %s: SERVICE/LOAD are refused by the query "
                    "check alone", platform.machine())
        return False
    arch, connect_nr, seccomp_nr = known
    program = _filter(arch, connect_nr)
    libc = ctypes.CDLL(None, use_errno=True)
    buffer = ctypes.create_string_buffer(program, len(program))
    fprog = struct.pack("HxxxxxxP", len(program) // 8, ctypes.addressof(buffer))
    fprog_buffer = ctypes.create_string_buffer(fprog, len(fprog))
    if libc.prctl(_PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:
        log.warning("cannot forbid outbound connections: prctl(NO_NEW_PRIVS) failed (%s)",
                    errno.errorcode.get(ctypes.get_errno(), "?"))
        return False
    libc.syscall.restype = ctypes.c_long
    if libc.syscall(ctypes.c_long(seccomp_nr), ctypes.c_ulong(_SECCOMP_SET_MODE_FILTER),
                    ctypes.c_ulong(_SECCOMP_FILTER_FLAG_TSYNC), fprog_buffer) != 0:
        log.warning("cannot forbid outbound connections: seccomp failed (%s)",
                    errno.errorcode.get(ctypes.get_errno(), "?"))
        return False
    return True
