"""`opsporing <command>`: English commands and options, Danish output.

Each command is a small function taking the parsed arguments and returning an
exit code; `main` only parses and dispatches.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from opsporing import content, paths, texts

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


def cmd_schema(args: argparse.Namespace) -> int:
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    for kind in content.KINDS:
        target = out / f"{kind.name}.schema.json"
        schema = kind.model.model_json_schema(by_alias=True)
        schema["title"] = kind.pattern
        target.write_text(json.dumps(schema, ensure_ascii=False, indent=2) + "\n", "utf-8")
        print(texts.CLI_SCHEMA_WROTE.format(path=target))
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="opsporing", description=texts.CLI_DESCRIPTION)
    commands = parser.add_subparsers(dest="command", required=True)

    def add(name: str, handler: Handler, help: str) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=help, description=help)
        sub.set_defaults(handler=handler)
        sub.add_argument("--content", help=texts.CLI_CONTENT_HELP)
        return sub

    add("validate", cmd_validate, texts.CLI_VALIDATE_HELP)
    add("schema", cmd_schema, texts.CLI_SCHEMA_HELP).add_argument(
        "--out", default="schema", help=texts.CLI_OUT_HELP
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.handler(args)


if __name__ == "__main__":
    sys.exit(main())
