"""The release says which version it is, and its documentation covers every setting."""

import tomllib
from pathlib import Path

from tracker.config import SETTINGS

ROOT = Path(__file__).resolve().parents[2]


def pyproject_version() -> str:
    return tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]


def test_every_page_footer_shows_the_version_in_pyproject(client):
    page = client.get("/auth/sign-in").get_data(as_text=True)
    assert f"Version {pyproject_version()}" in page


def test_readiness_shows_the_version_in_pyproject(client):
    assert client.get("/health/ready").get_json()["version"] == pyproject_version()


def test_the_readme_configuration_table_lists_every_setting():
    readme = (ROOT / "README.md").read_text()
    configuration = readme.split("## Configuration", 1)[1].split("\n## ", 1)[0]
    for setting in SETTINGS:
        assert f"`{setting.name}`" in configuration


def test_the_example_environment_file_sets_every_required_setting():
    example = (ROOT / "deploy" / "env.example").read_text()
    assigned = {line.split("=", 1)[0] for line in example.splitlines() if "=" in line}
    required = {setting.name for setting in SETTINGS if setting.required}
    assert required <= assigned
