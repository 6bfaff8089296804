"""`make bench`: runs each benchmark on a fresh database in a temporary data folder and writes its
figures as JSON under bench/results/."""

import json
import os
import sys
import tempfile
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results"


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="vetrina-bench-") as data_dir:
        os.environ["VETRINA_DATA_DIR"] = data_dir
        os.environ.pop("DATABASE_URL", None)
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vetrina.config.settings")
        import django

        django.setup()
        from django.core.management import call_command

        from bench import api_detail, machine

        call_command("migrate", interactive=False, verbosity=0)
        RESULTS.mkdir(exist_ok=True)
        for name, benchmark in [("api-detail", api_detail)]:
            print(f"== {name}", file=sys.stderr)
            figures = {"benchmark": name, **benchmark.run(), "machine": machine.describe()}
            path = RESULTS / f"{name}.json"
            path.write_text(json.dumps(figures, indent=2) + "\n")
            print(json.dumps(figures, indent=2))
            print(f"written to {path}", file=sys.stderr)


if __name__ == "__main__":
    main()
