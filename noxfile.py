"""Developer tasks: ``nox -s tests lint typecheck`` (CI), ``nox -s bench``, ``nox -s examples``."""

import nox

nox.options.sessions = ["tests", "lint", "typecheck"]
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
    session.run("ruff", "check", "aiosm", "tests", "examples", "benchmarks", "noxfile.py")


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
def bench_journal(session: nox.Session) -> None:
    """What the apply journal costs on a 1,000-resource plan vs run_bulk (prints a table)."""
    session.install("-e", ".")
    session.run("python", "benchmarks/journal_overhead.py", *session.posargs)
