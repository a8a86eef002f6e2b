"""Passphrases on the command line, and ``workbench encrypt | decrypt | passphrase``.

A passphrase never appears in a command line (other users can read those in ``ps``): it is
read from the environment variable named by ``--passphrase-env`` or, in a terminal, from a
prompt that does not echo. It is held in memory for the command's project only.
"""

from __future__ import annotations

import getpass
import os
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from storage import keys
from workbench.cli_support import say
from workbench.errors import OperationError
from workbench.security import convert

if TYPE_CHECKING:
    import argparse
    from collections.abc import Iterator

NEW_PASSPHRASE_ENV = "--new-passphrase-env"


def add_global_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--passphrase-env",
        metavar="VAR",
        help="read an encrypted project's passphrase from this environment variable "
        "(otherwise a terminal prompts for it)",
    )


def add_parsers(sub: Any) -> None:
    encrypt = sub.add_parser("encrypt", help="encrypt a project and its backups (SQLCipher)")
    encrypt.add_argument("project", type=Path)
    _new_passphrase_option(encrypt)
    encrypt.set_defaults(run=encrypt_command, passphrase_role="new")
    decrypt = sub.add_parser("decrypt", help="remove a project's encryption (and its backups')")
    decrypt.add_argument("project", type=Path)
    decrypt.set_defaults(run=decrypt_command)
    rekey = sub.add_parser("passphrase", help="change an encrypted project's passphrase")
    rekey.add_argument("project", type=Path)
    _new_passphrase_option(rekey)
    rekey.set_defaults(run=passphrase_command)


def _new_passphrase_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        NEW_PASSPHRASE_ENV,
        dest="new_passphrase_env",
        metavar="VAR",
        help="read the new passphrase from this environment variable (otherwise prompted twice)",
    )


@contextmanager
def project_passphrase(args: argparse.Namespace) -> Iterator[None]:
    """Hold the passphrase of ``args.project`` while the command runs, if it needs one."""
    path = getattr(args, "project", None)
    wanted = _needs_passphrase(args, path)
    if path is None or not wanted:
        yield
        return
    passphrase = read_passphrase(
        args.passphrase_env, f"Passphrase for {path.name}: ", confirm=args.command == "new"
    )
    keys.remember(path, passphrase)
    try:
        yield
    finally:
        keys.forget(path)


def _needs_passphrase(args: argparse.Namespace, path: Path | None) -> bool:
    if path is None or args.command in ("encrypt", "decrypt", "passphrase"):
        return False  # these read their own
    if args.command == "new":
        return bool(getattr(args, "encrypt", False))
    return args.passphrase_env is not None or (path.is_file() and keys.looks_encrypted(path))


def read_passphrase(variable: str | None, prompt: str, *, confirm: bool = False) -> str:
    """The passphrase from ``$variable``, or typed at a prompt; never from the command line."""
    if variable is not None:
        value = os.environ.get(variable)
        if not value:
            raise OperationError(f"The environment variable {variable} is not set or is empty")
        return value
    if not sys.stdin.isatty():
        raise OperationError(
            "This project is encrypted: give its passphrase with --passphrase-env VAR "
            "(the name of an environment variable holding it), or run in a terminal"
        )
    value = getpass.getpass(prompt)
    if confirm and getpass.getpass("Type it again: ") != value:
        raise OperationError("The two passphrases differ; nothing was changed")
    return value


def encrypt_command(args: argparse.Namespace) -> int:
    new = read_passphrase(args.new_passphrase_env, "New passphrase: ", confirm=True)
    convert(args.project, "encrypt", new=new)
    say(f"{args.project.name} and its backups are now encrypted. Keep the passphrase safe: "
        "without it the project cannot be opened.")  # fmt: skip
    return 0


def decrypt_command(args: argparse.Namespace) -> int:
    old = read_passphrase(args.passphrase_env, f"Passphrase for {args.project.name}: ")
    convert(args.project, "decrypt", old=old)
    say(f"{args.project.name} and its backups are no longer encrypted.")
    return 0


def passphrase_command(args: argparse.Namespace) -> int:
    old = read_passphrase(args.passphrase_env, f"Current passphrase for {args.project.name}: ")
    new = read_passphrase(args.new_passphrase_env, "New passphrase: ", confirm=True)
    convert(args.project, "rekey", old=old, new=new)
    say(f"The passphrase of {args.project.name} and its backups has been changed.")
    return 0
