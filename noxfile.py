"""Developer tasks: ``nox`` (CI: tests, lint, typecheck, build, docs), ``nox -s bench``, ``-s examples``."""

import shutil
import tarfile
import tempfile
import zipfile
from pathlib import Path

import nox

ROOT = Path(__file__).resolve().parent

nox.options.sessions = ["tests", "lint", "typecheck", "build", "docs"]
nox.options.reuse_existing_virtualenvs = True


@nox.session
def tests(session: nox.Session) -> None:
    session.install("-e", ".[test,progress]")
    session.run("pytest", *session.posargs)


@nox.session(python=["3.10", "3.11", "3.12", "3.13"])
def matrix(session: nox.Session) -> None:
    """The tests on every supported Python (not in the default sessions): ``nox -s matrix``."""
    session.install("-e", ".[test,progress]")
    session.run("pytest", "-q", *session.posargs)


@nox.session
def lint(session: nox.Session) -> None:
    session.install("ruff")
    session.run("ruff", "check", "aiosm", "tests", "examples", "benchmarks", "docs", "noxfile.py")


@nox.session
def typecheck(session: nox.Session) -> None:
    session.install("-e", ".[test]", "mypy")
    session.run("mypy", "--strict", "aiosm")


@nox.session
def examples(session: nox.Session) -> None:
    session.install("-e", ".")
    session.run("python", "examples/quickstart.py")


@nox.session
def bench(session: nox.Session) -> None:
    """Benchmarks side by side (aiosm, legacy SDK, raw aiohttp); writes benchmarks/RESULTS.md."""
    session.install("-e", ".", "azure-servicemanagement-legacy==0.20.8", "tqdm", "xmltodict")
    session.run("python", "benchmarks/run.py", *session.posargs)


@nox.session
def build(session: nox.Session) -> None:
    """The sdist and the wheel in ``dist/``, checked, then the wheel used as a user would.

    ``python -m build`` makes the sdist and builds the wheel from it; ``twine check --strict``
    checks their metadata; the wheel must hold ``aiosm/py.typed``, the sdist the examples.
    The wheel is then installed in this session's own venv and, from a directory outside the
    checkout, runs the quickstart against the embedded emulator and passes the downstream
    ``mypy --strict`` check (``tests/downstream/typed_user.py``).
    """
    session.install("build", "twine", "mypy")
    dist = ROOT / "dist"
    shutil.rmtree(dist, ignore_errors=True)
    session.run("python", "-m", "build", "--outdir", str(dist))
    (sdist,) = dist.glob("aiosm_azure-*.tar.gz")
    (wheel,) = dist.glob("aiosm_azure-*.whl")
    session.run("twine", "check", "--strict", str(sdist), str(wheel))

    with zipfile.ZipFile(wheel) as archive:
        in_wheel = set(archive.namelist())
    with tarfile.open(sdist) as archive:
        top = sdist.name.removesuffix(".tar.gz")
        in_sdist = {name.removeprefix(top + "/") for name in archive.getnames()}
    examples = {f"examples/{path.name}" for path in (ROOT / "examples").glob("*.py")}
    wanted_in_sdist = {"aiosm/py.typed", "README.md", "LICENSE", *examples}
    wanted_in_wheel = {"aiosm/py.typed", "aiosm/__init__.py"}
    problems = [f"wheel lacks {name}" for name in sorted(wanted_in_wheel - in_wheel)]
    problems += [f"sdist lacks {name}" for name in sorted(wanted_in_sdist - in_sdist)]
    if problems:
        session.error("; ".join(problems))

    # The wheel, not the checkout: reinstalled every time (same version number, new contents).
    session.install(str(wheel))
    session.install("--force-reinstall", "--no-deps", str(wheel))
    outside = Path(tempfile.mkdtemp(prefix="aiosm-wheel-"))
    try:
        for name in ("quickstart.py", "_target.py"):
            shutil.copyfile(ROOT / "examples" / name, outside / name)
        shutil.copyfile(ROOT / "tests" / "downstream" / "typed_user.py", outside / "typed_user.py")
        session.chdir(outside)
        location = session.run("python", "-c", "import aiosm; print(aiosm.__file__)", silent=True)
        if not location or "site-packages" not in location or Path(location).parent == ROOT / "aiosm":
            session.error(f"aiosm was imported from the checkout, not the wheel: {location}")
        no_azure = {"AZURE_MANAGEMENT_SUBSCRIPTIONID": "", "AZURE_MANAGEMENT_CERTFILE": ""}
        session.run("python", "quickstart.py", env=no_azure)
        session.run("python", "-m", "mypy", "--strict", "typed_user.py")
    finally:
        session.chdir(ROOT)
        shutil.rmtree(outside, ignore_errors=True)


@nox.session
def docs(session: nox.Session) -> None:
    """The documentation site in ``site/`` (``mkdocs.yml``, sources in ``docs/``), built strictly.

    Any warning fails the build: a broken internal link or anchor, a page missing from the
    navigation, an API reference target that does not resolve. ``nox -s docs -- serve`` serves
    it with live reload instead.
    """
    session.install("-e", ".[docs]")
    env = {"NO_MKDOCS_2_WARNING": "1"}  # the theme's end-of-life banner: see README, Documentation
    if session.posargs[:1] == ["serve"]:
        session.run("mkdocs", "serve", "--strict", *session.posargs[1:], env=env)
        return
    session.run("mkdocs", "build", "--strict", "--clean", *session.posargs, env=env)


@nox.session
def bench_journal(session: nox.Session) -> None:
    """What the apply journal costs on a 1,000-resource plan vs run_bulk (prints a table)."""
    session.install("-e", ".")
    session.run("python", "benchmarks/journal_overhead.py", *session.posargs)
