"""Build the package with the templates, migrations and compiled assets inside it."""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent
# In the repository they sit beside the package, where the project's rules keep them; a server
# installs only the wheel, so the wheel carries them in the package.
CARRIED_IN_THE_PACKAGE = ("templates", "migrations")
COMPILED_STYLESHEET = HERE / "tracker" / "static" / "tracker.css"


class BuildPackageWithItsFiles(build_py):
    """Refuse to build without the compiled assets, and copy the templates and migrations in."""

    def run(self) -> None:
        if not self.editable_mode and not COMPILED_STYLESHEET.exists():
            raise SystemExit(
                "tracker/static is not built: run `make assets` (node build-assets.mjs) first."
            )
        super().run()
        if self.editable_mode:
            return
        for name in CARRIED_IN_THE_PACKAGE:
            shutil.copytree(
                HERE / name,
                Path(self.build_lib) / "tracker" / name,
                dirs_exist_ok=True,
                ignore=shutil.ignore_patterns("__pycache__", "*.pyc"),
            )


setup(cmdclass={"build_py": BuildPackageWithItsFiles})
