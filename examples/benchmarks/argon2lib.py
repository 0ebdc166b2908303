#!/usr/bin/env python3
"""The native Argon2id of Debian's libargon2 (libargon2.so.1), in-process, for compare.sh.

Usage: argon2lib.py N    hashes N times after two untimed ones; prints "wall_us cpu_us" per hash.
Parameters as Shomei's default: m = 19456 KiB, t = 2, one lane and one thread, 16-byte salt,
32-byte output.
"""
import ctypes
import os
import sys
import time

lib = ctypes.CDLL("libargon2.so.1")
f = lib.argon2id_hash_raw
f.argtypes = [ctypes.c_uint32, ctypes.c_uint32, ctypes.c_uint32, ctypes.c_char_p, ctypes.c_size_t,
              ctypes.c_char_p, ctypes.c_size_t, ctypes.c_char_p, ctypes.c_size_t]
f.restype = ctypes.c_int
n = int(sys.argv[1]) if len(sys.argv) > 1 else 10
pwd = b"correct-Horse-7-battery"
salt = os.urandom(16)
out = ctypes.create_string_buffer(32)


def once():
    if f(2, 19456, 1, pwd, len(pwd), salt, len(salt), out, 32) != 0:
        sys.exit("argon2id_hash_raw failed")


once()
once()
w0, c0 = time.perf_counter(), time.thread_time()
for _ in range(n):
    once()
w1, c1 = time.perf_counter(), time.thread_time()
print(f"{(w1 - w0) / n * 1e6:.1f} {(c1 - c0) / n * 1e6:.1f}")
