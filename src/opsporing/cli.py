"""`opsporing <command>`: English commands and options, Danish output.

Each command is a small function taking the parsed arguments and returning an
exit code; `main` only parses and dispatches.
"""

from __future__ import annotations

import argparse
import getpass
import json
import os
import shutil
import sys
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy.exc import DatabaseError

from opsporing import (
    __version__,
    content,
    outfiles,
    paths,
    plenum,
    retention,
    serve,
    storage,
    store,
    texts,
)
from opsporing.content import loader

CLI_CLIENT = "cli"
"""The name wrong PINs typed at the command line are counted under (`opsporing.throttle`).

The command line runs on the server's own machine, so it is always a trusted
client: the room's wrong guesses never slow it, only its own mistypes do."""

if TYPE_CHECKING:
    from opsporing.handouts.build import Format

Handler = Callable[[argparse.Namespace], int]

# argparse looks its messages up through its module-level gettext alias at call
# time; pointing it at our catalogue makes usage, help and errors Danish.
argparse._ = lambda message: texts.ARGPARSE.get(message, message)  # type: ignore[attr-defined]


def _content_root(args: argparse.Namespace) -> Path:
    return Path(args.content).resolve() if args.content else paths.content_root()


def cmd_validate(args: argparse.Namespace) -> int:
    loaded, errors = content.validate(_content_root(args))
    if loaded is None:
        for error in errors:
            print(error, file=sys.stderr)
        print(texts.CLI_VALIDATE_FAILED.format(n=len(errors)), file=sys.stderr)
        return 1
    print(
        texts.CLI_VALIDATE_OK.format(
            films=len(loaded.films),
            vignettes=len(loaded.vignettes),
            questions=sum(1 for _ in loaded.questions()),
            services=len(loaded.services),
            municipalities=len(loaded.municipalities),
        )
    )
    return 0


def _write_failed(path: Path, error: OSError) -> int:
    """A full disk or a folder that vanished mid-way: nothing was written, say so in Danish."""
    problem = error.strerror or type(error).__name__
    print(texts.OUT_WRITE_FAILED.format(path=path, problem=problem), file=sys.stderr)
    return 1


def _write_schemas(out: Path) -> list[Path]:
    """One JSON Schema per kind of content file, for an editor's completion and checks."""
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for kind in loader.KINDS:
        target = out / f"{kind.name}.schema.json"
        schema = kind.model.model_json_schema(by_alias=True)
        schema["title"] = kind.pattern
        text = json.dumps(schema, ensure_ascii=False, indent=2) + "\n"
        outfiles.write_bytes(target, text.encode("utf-8"))
        written.append(target)
    return written


def cmd_schema(args: argparse.Namespace) -> int:
    out: Path = args.out
    try:
        for target in _write_schemas(out):
            print(texts.CLI_WROTE.format(path=target))
    except OSError as error:
        return _write_failed(out, error)
    return 0


def _ask_pin(prompt: str) -> str:
    """Ask without echo, so the PIN stays out of the shell history and off the screen.

    With no terminal to ask on (a script without --pin) the PIN is empty, which
    every command refuses in Danish.
    """
    try:
        return getpass.getpass(prompt)
    except EOFError:
        return ""


def _pin(args: argparse.Namespace, code: str) -> str:
    """The trainer's PIN for hold `code`: from --pin, or asked for."""
    given: str | None = args.pin
    if given is not None:
        return given
    return _ask_pin(texts.CLI_PIN_PROMPT.format(code=code))


def _pin_opens(db: store.Store, code: str, args: argparse.Namespace) -> bool:
    """Whether the trainer's PIN (from --pin, or asked for) opens hold `code`, checked as the
    trusted command line: wrong PINs typed elsewhere never keep it out."""
    return db.check_pin(code, _pin(args, code), client=CLI_CLIENT, trusted=True)


def cmd_create_hold(args: argparse.Namespace) -> int:
    pin = args.pin if args.pin is not None else _ask_pin(texts.CLI_NEW_PIN_PROMPT)
    db = store.default()
    try:
        ends_at = datetime.now(UTC) + timedelta(days=args.days)
        code = db.create_hold(pin, args.name, ends_at=ends_at)
    except store.StoreError as error:
        print(error, file=sys.stderr)
        return 1
    print(texts.CLI_HOLD_CREATED.format(code=code))
    if (stored_end := db.hold_ends_at(code)) is not None:
        print(texts.CLI_HOLD_ENDS.format(when=retention.when(stored_end)))
    print(texts.CLI_HOLD_CREATED_HINT)
    return 0


def cmd_holds(args: argparse.Namespace) -> int:
    """Every hold and when it is deleted, so a forgotten one is seen; no PIN, no answers shown.

    Only codes, names and counts: whoever can run this can read the database
    file anyway, and what participants wrote stays behind each hold's PIN.
    """
    found = store.default().holds()
    if not found:
        print(texts.CLI_HOLDS_NONE)
        return 0
    now = datetime.now(UTC)
    rows = [list(texts.CLI_HOLDS_COLUMNS)]
    for info in found:
        rows.append([info.code, info.name, str(info.members), _hold_end(info, now)])
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    for row in rows:
        cells = (cell.ljust(width) for cell, width in zip(row, widths, strict=True))
        print("  ".join(cells).rstrip())
    soon = [info for info in found if retention.ending_soon(info.ends_at, now)]
    if soon:
        print()
        for line in retention.Sweep([], soon).lines(now):
            print(line)
    return 0


def _hold_end(info: store.HoldInfo, now: datetime) -> str:
    if info.ends_at is None:
        return texts.CLI_HOLDS_NO_END
    if info.expired(now):
        return texts.CLI_HOLDS_EXPIRED.format(when=retention.when(info.ends_at))
    if retention.ending_soon(info.ends_at, now):
        left = retention.left(info.ends_at, now)
        return texts.CLI_HOLDS_SOON.format(when=retention.when(info.ends_at), left=left)
    return retention.when(info.ends_at)


def cmd_delete_hold(args: argparse.Namespace) -> int:
    """Deleting is what the PIN is for: no PIN, no deletion, and no --yes that skips it.

    The PIN is the trainer's deliberate act; a script that prepares or cleans
    up workshops passes --pin, so a prompt on top would only get in the way.
    """
    code = store.normalise_hold_code(args.hold)
    db = store.default()
    if not _pin_opens(db, code, args):
        print(texts.CLI_WRONG_PIN.format(code=code), file=sys.stderr)
        return 1
    print(texts.CLI_HOLD_DELETED.format(code=code, rows=texts.rows(db.delete_hold(code))))
    return 0


def cmd_unlock_hold(args: argparse.Namespace) -> int:
    """Forget every wrong PIN at a hold, so the trainer's browser gets in at once. No PIN:
    whoever can run this on the server's machine can read the database file anyway."""
    code = store.normalise_hold_code(args.hold)
    if not store.default().unlock(code):
        print(texts.CLI_UNLOCK_UNKNOWN.format(code=code), file=sys.stderr)
        return 1
    print(texts.CLI_HOLD_UNLOCKED.format(code=code))
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    code = store.normalise_hold_code(args.hold)
    found = plenum.for_hold(
        store.default(),
        code,
        _pin(args, code),
        content.load(_content_root(args)),
        client=CLI_CLIENT,
        trusted=True,
    )
    if found is None:
        print(texts.CLI_WRONG_PIN.format(code=code), file=sys.stderr)
        return 1
    out: Path = args.out
    try:
        # A byte-order mark makes spreadsheet programs read æ, ø and å as UTF-8.
        with (
            outfiles.replacing(out) as temporary,
            temporary.open("w", encoding="utf-8-sig", newline="") as stream,
        ):
            rows = plenum.write_csv(found, stream)
    except OSError as error:
        return _write_failed(out, error)
    print(texts.CLI_EXPORTED.format(rows=texts.rows(rows), code=code, path=out))
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    root = _content_root(args)
    if not paths.has_content(root):
        print(texts.SERVE_NO_CONTENT.format(root=root), file=sys.stderr)
        return 1
    if not paths.notebooks_dir(root).is_dir():
        print(texts.SERVE_NO_NOTEBOOKS.format(root=root), file=sys.stderr)
        return 1
    if problem := serve.tls_problem(args.certfile or "", args.keyfile or ""):
        print(problem, file=sys.stderr)
        return 1
    try:
        storage.check()
    except storage.StorageError as error:
        print(error, file=sys.stderr)
        return 1
    if not serve.port_is_free(args.port, lan=args.lan):
        print(texts.SERVE_PORT_BUSY.format(port=args.port), file=sys.stderr)
        return 1
    options = serve.ServeOptions(
        port=args.port,
        open_browser=not args.no_browser,
        lan=args.lan,
        participants=args.participants,
        idle_timeout=args.idle_timeout,
        certfile=args.certfile or "",
        keyfile=args.keyfile or "",
    )
    try:
        # Validated once, here: every kernel of the room reads the snapshot this leaves.
        content.load(root.resolve())
    except content.ContentErrors as errors:
        print(texts.SERVE_CONTENT_ERRORS.format(n=len(errors.errors)), file=sys.stderr)
    launch = serve.launch(options, root)
    print(texts.SERVE_STARTING, flush=True)

    def ready() -> None:
        print(texts.SERVE_RUNNING.format(url=launch.local_url))
        if launch.join_url:
            print(texts.SERVE_JOIN.format(url=launch.join_url))
            print(texts.SERVE_JOIN_HINT)
        print(texts.SERVE_LOG.format(path=serve.log_path()))
        print(texts.SERVE_STOP_HINT, flush=True)

    def warm(n: int) -> None:
        print(texts.SERVE_WARM.format(n=n), flush=True)

    serve.run(launch, announce=ready, warm=warm)
    print(texts.SERVE_STOPPED, flush=True)
    return 0


def _formats(choice: str) -> list[Format]:
    from opsporing.handouts.build import Format

    return list(Format) if choice == "both" else [Format(choice)]


def _loaded_content(args: argparse.Namespace) -> content.Content | None:
    loaded, errors = content.validate(_content_root(args))
    for error in errors:
        print(error, file=sys.stderr)
    return loaded


def _handout_participant(args: argparse.Namespace, db: store.Store) -> store.Participant | None:
    """By participant id (the page address's key: no PIN), or by pseudonym in a hold (PIN)."""
    wanted = args.participant.strip()
    code = store.normalise_hold_code(args.hold) if args.hold else None
    found = db.participant(wanted)
    if found is not None and code in (None, found.hold_code):
        return found
    if code is not None and not _pin_opens(db, code, args):
        print(texts.CLI_WRONG_PIN.format(code=code), file=sys.stderr)
        return None
    if code is not None:
        member = next((m for m in db.members(code) if m.pseudonym == wanted), None)
        if member is not None:
            return member
    where = texts.CLI_IN_HOLD.format(code=code) if code else ""
    print(texts.CLI_UNKNOWN_PARTICIPANT.format(participant=wanted, where=where), file=sys.stderr)
    return None


def cmd_handout(args: argparse.Namespace) -> int:
    from opsporing.handouts import browser, build  # nbconvert, Chromium: only here

    db = store.default()
    participant = _handout_participant(args, db)
    loaded = _loaded_content(args)
    if participant is None or loaded is None:
        return 1
    out: Path = args.out
    try:
        files = build.handout_files(db, loaded, participant, _formats(args.format))
    except browser.PdfUnavailable as error:
        print(texts.HANDOUT_PDF_FAILED.format(problem=error), file=sys.stderr)
        return 1
    try:
        out.mkdir(parents=True, exist_ok=True)
        for name, data in files.items():
            outfiles.write_bytes(out / name, data)
            print(texts.CLI_WROTE.format(path=out / name))
    except OSError as error:
        return _write_failed(out, error)
    return 0


def cmd_handouts(args: argparse.Namespace) -> int:
    """Every participant's handout for the trainer: their answers, so the hold's PIN is required."""
    from opsporing.handouts import browser, build  # nbconvert, Chromium: only here

    code = store.normalise_hold_code(args.hold)
    db = store.default()
    if not _pin_opens(db, code, args):
        print(texts.CLI_WRONG_PIN.format(code=code), file=sys.stderr)
        return 1
    members = db.members(code)
    if not members:
        print(texts.CLI_HOLD_HAS_NO_MEMBERS.format(code=code), file=sys.stderr)
        return 1
    loaded = _loaded_content(args)
    if loaded is None:
        return 1
    out: Path = args.out
    try:
        with outfiles.replacing(out) as temporary:
            names = build.hold_zip(db, loaded, code, temporary, _formats(args.format))
    except browser.PdfUnavailable as error:
        print(texts.HANDOUT_PDF_FAILED.format(problem=error), file=sys.stderr)
        return 1
    except OSError as error:
        return _write_failed(out, error)
    print(
        texts.CLI_HANDOUTS_WROTE.format(files=len(names), members=len(members), code=code, path=out)
    )
    return 0


def cmd_worksheets(args: argparse.Namespace) -> int:
    from opsporing.handouts import browser, build  # nbconvert, Chromium: only here

    loaded = _loaded_content(args)
    if loaded is None:
        return 1
    formats = _formats(args.format)
    out: Path = args.out
    try:
        try:
            written = build.write_worksheets(loaded, out, formats, trainer=args.trainer)
        except browser.PdfUnavailable as error:
            print(texts.HANDOUT_PDF_FAILED.format(problem=error), file=sys.stderr)
            if build.Format.HTML not in formats:
                return 1
            # No browser for the PDFs: the room can still print the HTML sheets.
            html = [build.Format.HTML]
            written = build.write_worksheets(loaded, out, html, trainer=args.trainer)
            print(texts.HANDOUT_HTML_ONLY, file=sys.stderr)
    except OSError as error:
        return _write_failed(out, error)
    for path in written:
        print(texts.CLI_WROTE.format(path=path))
    return 0


def cmd_content_copy(args: argparse.Namespace) -> int:
    """An editable copy of the content for a municipality, with a README saying what to edit
    and how to check it, and the schemas for its editor. Never into a folder with files in
    it: a copy made twice must not overwrite the first one's edits."""
    source = _content_root(args)
    if not paths.has_content(source):
        print(texts.SERVE_NO_CONTENT.format(root=source), file=sys.stderr)
        return 1
    target: Path = args.folder
    if target.exists() and any(target.iterdir()):
        print(texts.CONTENT_COPY_NOT_EMPTY.format(path=target), file=sys.stderr)
        return 1
    try:
        target.mkdir(parents=True, exist_ok=True)
        for name in paths.CONTENT_FOLDERS:
            # Local film copies are large and the municipality's own: never copied along.
            skip = shutil.ignore_patterns("*.mp4", "__pycache__")
            shutil.copytree(source / name, target / name, ignore=skip)
        readme = target / "README.md"
        shown = target.resolve()
        text = texts.CONTENT_COPY_README.format(version=__version__, path=shown)
        outfiles.write_bytes(readme, text.encode("utf-8"))
        _write_schemas(target / "schema")
    except OSError as error:
        return _write_failed(target, error)
    print(texts.CONTENT_COPY_DONE.format(path=shown))
    print(texts.CONTENT_COPY_NEXT.format(readme=readme.resolve(), path=shown))
    return 0


LAB_FOLDER = "opsporing-lab"
LAB_PORT = 8888


def cmd_lab(args: argparse.Namespace) -> int:
    """JupyterLab on the kit's notebooks, in a folder of the student's own.

    The notebooks are copied there (never over a file the student already has),
    so Lab saves into the student's folder and the installed kit stays as it
    was. The kernels find the content through `OPSPORING_CONTENT`; the export
    to the kit's handout works as in a checkout, because the wheel installs the
    exporters, the template and the save hook's config into the environment.
    """
    root = _content_root(args)
    if not paths.has_content(root):
        print(texts.SERVE_NO_CONTENT.format(root=root), file=sys.stderr)
        return 1
    folder: Path = args.folder
    notebooks = sorted(paths.notebooks_dir(root).glob("*.ipynb"))
    copied = kept = 0
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for notebook in notebooks:
            if (folder / notebook.name).exists():
                kept += 1
                continue
            outfiles.write_bytes(folder / notebook.name, notebook.read_bytes())
            copied += 1
    except OSError as error:
        return _write_failed(folder, error)
    where = folder.resolve()
    if copied:
        print(texts.LAB_COPIED.format(n=copied, path=where))
    if kept:
        print(texts.LAB_KEPT.format(n=kept, path=where))
    print(texts.LAB_STARTING.format(path=where), flush=True)
    # Lab and the kernels it starts inherit these: the content, and (in a checkout) the
    # checkout's templates before the installed ones.
    os.environ[paths.CONTENT_ENV] = str(root.resolve())
    os.environ["JUPYTER_PATH"] = os.pathsep.join(serve.template_search_path())
    from jupyterlab.labapp import LabApp  # JupyterLab takes a second to import

    argv = [f"--ServerApp.root_dir={where}", f"--ServerApp.port={args.port}"]
    argv += ["--ServerApp.port_retries=0"]
    if args.no_browser:
        argv.append("--no-browser")
    # In this process, so Ctrl+C and a stop stop Lab and its kernels as `jupyter lab` does.
    LabApp.launch_instance(argv)
    return 0


def _port(value: str) -> int:
    """A TCP port a server can listen on, checked while parsing so a bad one never starts."""
    try:
        port = int(value)
    except ValueError:
        port = 0
    if not 1 <= port <= 65535:
        raise argparse.ArgumentTypeError(texts.CLI_PORT_INVALID.format(value=value))
    return port


def _whole_number(low: int, high: int) -> Callable[[str], int]:
    def parse(value: str) -> int:
        try:
            number = int(value)
        except ValueError:
            number = low - 1
        if not low <= number <= high:
            raise argparse.ArgumentTypeError(
                texts.CLI_NUMBER_INVALID.format(value=value, low=low, high=high)
            )
        return number

    return parse


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="opsporing", description=texts.CLI_DESCRIPTION)
    parser.add_argument(
        "--version",
        action="version",
        version=f"opsporing {__version__}",
        help=texts.CLI_VERSION_HELP,
    )
    commands = parser.add_subparsers(dest="command", required=True)

    def add(name: str, handler: Handler, help: str) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=help, description=help)
        sub.set_defaults(handler=handler)
        sub.add_argument("--content", help=texts.CLI_CONTENT_HELP)
        return sub

    add("validate", cmd_validate, texts.CLI_VALIDATE_HELP)
    add("schema", cmd_schema, texts.CLI_SCHEMA_HELP).add_argument(
        "--out", type=outfiles.folder_target, default="schema", help=texts.CLI_OUT_HELP
    )
    defaults = serve.ServeOptions()
    serving = add("serve", cmd_serve, texts.SERVE_HELP)
    serving.add_argument(
        "--port",
        type=_port,
        default=defaults.port,
        help=texts.SERVE_PORT_HELP.format(port=defaults.port),
    )
    serving.add_argument("--no-browser", action="store_true", help=texts.SERVE_NO_BROWSER_HELP)
    serving.add_argument("--lan", action="store_true", help=texts.SERVE_LAN_HELP)
    serving.add_argument(
        "--participants",
        "--deltagere",
        type=_whole_number(0, 500),
        default=defaults.participants,
        help=texts.SERVE_PARTICIPANTS_HELP.format(n=defaults.participants),
    )
    serving.add_argument(
        "--idle-timeout",
        type=_whole_number(0, 7 * 24 * 3600),
        default=defaults.idle_timeout,
        help=texts.SERVE_IDLE_HELP.format(seconds=defaults.idle_timeout),
    )
    serving.add_argument("--certfile", help=texts.SERVE_CERTFILE_HELP)
    serving.add_argument("--keyfile", help=texts.SERVE_KEYFILE_HELP)
    lab = add("lab", cmd_lab, texts.CLI_LAB_HELP)
    lab.add_argument(
        "--folder",
        type=outfiles.folder_target,
        default=LAB_FOLDER,
        help=texts.CLI_LAB_FOLDER_HELP.format(folder=LAB_FOLDER),
    )
    lab.add_argument(
        "--port", type=_port, default=LAB_PORT, help=texts.CLI_LAB_PORT_HELP.format(port=LAB_PORT)
    )
    lab.add_argument("--no-browser", action="store_true", help=texts.SERVE_NO_BROWSER_HELP)
    content_group = commands.add_parser(
        "content", help=texts.CLI_CONTENT_GROUP_HELP, description=texts.CLI_CONTENT_GROUP_HELP
    )
    content_commands = content_group.add_subparsers(dest="content_command", required=True)
    copy = content_commands.add_parser(
        "copy", help=texts.CLI_CONTENT_COPY_HELP, description=texts.CLI_CONTENT_COPY_HELP
    )
    copy.set_defaults(handler=cmd_content_copy)
    copy.add_argument("--content", help=texts.CLI_CONTENT_HELP)
    copy.add_argument("folder", type=outfiles.folder_target, help=texts.CLI_CONTENT_COPY_DIR_HELP)
    create_hold = add("create-hold", cmd_create_hold, texts.CLI_CREATE_HOLD_HELP)
    create_hold.add_argument("--pin", help=texts.CLI_PIN_HELP)
    create_hold.add_argument("--name", default="", help=texts.CLI_NAME_HELP)
    create_hold.add_argument(
        "--days",
        type=_whole_number(1, store.MAX_HOLD_LIFETIME.days),
        default=store.HOLD_LIFETIME.days,
        help=texts.CLI_DAYS_HELP.format(
            days=store.HOLD_LIFETIME.days, max=store.MAX_HOLD_LIFETIME.days
        ),
    )
    add("holds", cmd_holds, texts.CLI_HOLDS_HELP)
    delete_hold = add("delete-hold", cmd_delete_hold, texts.CLI_DELETE_HOLD_HELP)
    delete_hold.add_argument("hold", help=texts.CLI_HOLD_HELP)
    delete_hold.add_argument("--pin", help=texts.CLI_PIN_HELP)
    unlock_hold = add("unlock-hold", cmd_unlock_hold, texts.CLI_UNLOCK_HOLD_HELP)
    unlock_hold.add_argument("hold", help=texts.CLI_HOLD_HELP)
    export = add("export", cmd_export, texts.CLI_EXPORT_HELP)
    export.add_argument("--hold", required=True, help=texts.CLI_HOLD_HELP)
    export.add_argument("--pin", help=texts.CLI_PIN_HELP)
    export.add_argument(
        "--out", type=outfiles.file_target, required=True, help=texts.CLI_CSV_OUT_HELP
    )
    formats = ["html", "pdf", "both"]
    handout = add("handout", cmd_handout, texts.CLI_HANDOUT_HELP)
    handout.add_argument("--participant", required=True, help=texts.CLI_PARTICIPANT_HELP)
    handout.add_argument("--hold", help=texts.CLI_HOLD_HELP)
    handout.add_argument("--pin", help=texts.CLI_PIN_HELP)
    handout.add_argument("--format", choices=formats, default="pdf", help=texts.CLI_FORMAT_HELP)
    handout.add_argument(
        "--out", type=outfiles.folder_target, default=".", help=texts.CLI_HANDOUT_OUT_HELP
    )
    hold_handouts = add("handouts", cmd_handouts, texts.CLI_HANDOUTS_HELP)
    hold_handouts.add_argument("--hold", required=True, help=texts.CLI_HOLD_HELP)
    hold_handouts.add_argument("--pin", help=texts.CLI_PIN_HELP)
    hold_handouts.add_argument(
        "--format", choices=formats, default="both", help=texts.CLI_FORMAT_HELP
    )
    hold_handouts.add_argument(
        "--out", type=outfiles.file_target, required=True, help=texts.CLI_ZIP_OUT_HELP
    )
    sheets = add("worksheets", cmd_worksheets, texts.CLI_WORKSHEETS_HELP)
    sheets.add_argument(
        "--out", type=outfiles.folder_target, required=True, help=texts.CLI_OUT_HELP
    )
    sheets.add_argument("--format", choices=formats, default="both", help=texts.CLI_FORMAT_HELP)
    sheets.add_argument("--trainer", action="store_true", help=texts.CLI_TRAINER_HELP)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    handler: Callable[[argparse.Namespace], int] = args.handler
    try:
        return handler(args)
    except (storage.StorageError, store.StoreError, content.ContentErrors) as error:
        # The data folder, the database or the content: the message says where and what to do.
        print(error, file=sys.stderr)
        return 1
    except DatabaseError as error:
        problem = str(error.orig if error.orig is not None else error).splitlines()[0]
        print(texts.STORAGE_DB_FAILED.format(problem=problem), file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
