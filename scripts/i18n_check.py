"""Compares the committed catalogues with a fresh extraction, and lists what is left to translate.

Run by scripts/i18n.sh: `i18n_check.py check|todo LOCALE_DIR FRESH_LOCALE_DIR LANG...`.
"""

import sys
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import read_po


def load(path: Path) -> Catalog:
    with path.open("rb") as file:
        return read_po(file, abort_invalid=True)


def singular(message: Message) -> str:
    return str(message.id[0] if isinstance(message.id, (tuple, list)) else message.id)


def key(message: Message) -> tuple[str | None, str]:
    return (message.context, singular(message))


def label(message: Message) -> str:
    msgid = singular(message)
    places = sorted({path for path, _line in message.locations})
    return f"  {msgid!r}" + (f"  ({', '.join(places)})" if places else "")


def to_translate(catalog: Catalog) -> list[Message]:
    left = []
    for message in catalog:
        if not message.id:
            continue  # the header
        forms = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.fuzzy or not all(forms):
            left.append(message)
    return left


def main(mode: str, locale_dir: str, fresh_dir: str, *langs: str) -> int:
    failed = False
    for lang in langs:
        po = Path(locale_dir) / lang / "LC_MESSAGES" / "django.po"
        if not po.is_file():
            print(f"{po} is missing: run 'scripts/i18n.sh update', then translate it.", file=sys.stderr)
            failed = True
            continue
        catalog = load(po)
        if mode == "check":
            fresh = load(Path(fresh_dir) / lang / "LC_MESSAGES" / "django.po")
            ours = {key(m): m for m in catalog if m.id}
            theirs = {key(m): m for m in fresh if m.id}
            missing = [theirs[k] for k in theirs.keys() - ours.keys()]
            stale = [ours[k] for k in ours.keys() - theirs.keys()]
            if missing:
                failed = True
                print(
                    f"{po}: {len(missing)} string(s) of the code are not in the catalogue:", file=sys.stderr
                )
                print("\n".join(sorted(label(m) for m in missing)), file=sys.stderr)
            if stale:
                failed = True
                print(f"{po}: {len(stale)} string(s) the code no longer has:", file=sys.stderr)
                print("\n".join(sorted(label(m) for m in stale)), file=sys.stderr)
        left = to_translate(catalog)
        if left:
            failed = True
            print(f"{po}: {len(left)} string(s) untranslated or fuzzy:", file=sys.stderr)
            print("\n".join(sorted(label(m) for m in left)), file=sys.stderr)
    if failed and mode == "check":
        print(
            "\nRun 'scripts/i18n.sh update', translate every entry 'scripts/i18n.sh todo' lists"
            " (an empty msgstr, or one marked '#, fuzzy': check it and delete the mark),"
            " then 'scripts/i18n.sh check'. See docs/translating.md.",
            file=sys.stderr,
        )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
