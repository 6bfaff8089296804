from pathlib import Path

import plotly
from django.contrib.staticfiles import finders
from django.test import Client


def test_it_serves_plotly_from_the_installed_package(db):
    # given the script the plotly package ships
    shipped = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"

    # when it is asked for under /static/
    response = Client().get("/static/vendor/plotly/plotly.min.js")

    # then Vetrina serves that very file, from no other host
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == shipped.read_bytes()  # type: ignore[attr-defined]
    assert finders.find("vendor/plotly/plotly.min.js") == str(shipped)


def test_collectstatic_copies_the_script_and_not_the_packages_data(settings, tmp_path):
    from django.core.management import call_command

    settings.STATIC_ROOT = tmp_path
    call_command("collectstatic", interactive=False, verbosity=0)
    assert [path.name for path in (tmp_path / "vendor" / "plotly").iterdir()] == ["plotly.min.js"]
