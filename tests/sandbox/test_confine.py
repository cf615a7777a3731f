"""The confinement pieces on their own: the seccomp program, the Landlock ruleset, the boot's arguments.
(What they enforce is tested by effect in test_hostile.py and test_pool.py, in both modes.)"""

from __future__ import annotations

import os
import resource
import struct
import tempfile

import pytest

from cotforge.sandbox import confine


def test_a_filter_is_built_for_x86_64_and_aarch64_only() -> None:
    for machine in ("x86_64", "aarch64"):
        program = confine.seccomp_program(machine)
        assert program is not None and len(program) % 8 == 0
        instructions = [struct.unpack("=HBBI", program[i:i + 8]) for i in range(0, len(program), 8)]
        assert instructions[-1][0] == 0x06  # ends in a return
        assert all(i + 1 + jt < len(instructions) and i + 1 + jf < len(instructions)
                   for i, (op, jt, jf, _) in enumerate(instructions) if op & 0x07 == 0x05)  # every jump lands inside
    assert confine.seccomp_program("riscv64") is None


def test_landlock_rules_give_files_file_rights_only(private_tmp: str) -> None:
    if confine.landlock_abi() < 1:
        pytest.skip("no Landlock in this kernel (the fallback refuses there)")
    folder = tempfile.mkdtemp(dir=private_tmp)
    file = os.path.join(folder, "f")
    with open(file, "w") as fh:
        fh.write("x")
    ruleset = confine.landlock_ruleset([folder], [file], [os.path.join(folder, "missing")])
    rules = dict(ruleset["rules"])  # type: ignore[call-overload]
    assert set(rules) == {folder, file}  # a missing path is skipped
    assert rules[file] & ~confine._FILE_RIGHTS == 0
    assert rules[folder] & 8  # READ_DIR on the folder


def test_boot_arguments_survive_the_trip_into_the_sandbox() -> None:
    namespace: dict[str, object] = {}
    exec(confine.CHILD, namespace)  # defines _boot_args (and the rest) without running anything
    rlimits = [(resource.RLIMIT_CPU, 2, 3), (resource.RLIMIT_AS, 1 << 28, 1 << 28)]
    landlock = {"handled": 8191, "scoped": 3, "size": 24, "rules": [("/a path:with colon", 13), ("/usr", 13)]}
    argv = confine.boot_argv(7, 9, rlimits, b"\x00\x01", landlock, parent=1234)
    assert namespace["_boot_args"](argv) == (1234, 7, 9, rlimits, b"\x00\x01", landlock)  # type: ignore[operator]
    assert namespace["_boot_args"](confine.boot_argv(3, 4, rlimits, b"", None))[4:] == (b"", None)  # type: ignore[operator]
    assert os.sep not in argv[0]
