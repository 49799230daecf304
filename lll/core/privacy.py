"""The RODO information clauses, reachable from every app without importing the one that keeps
them: that app registers a source (`register_clause_source`) when it starts; forms show a clause
with `{% information_clause "purpose" %}` (templatetags `privacy`) and the first e-mail to a
person carries it (`clause_text`)."""

from collections.abc import Callable

ClauseSource = Callable[[str], str]

_sources: list[ClauseSource] = []


def register_clause_source(source: ClauseSource) -> None:
    """`source(purpose)` answers the clause's text for a purpose, or "" when none is written."""
    if source not in _sources:
        _sources.append(source)


def clause_text(purpose: str) -> str:
    """The information clause for `purpose` ("accounts", "members", "comments", ...), or ""."""
    for source in _sources:
        if text := source(purpose):
            return text
    return ""


def with_clause(body: str, purpose: str) -> str:
    """An e-mail's body with the clause appended, for the first message a person gets."""
    text = clause_text(purpose)
    return f"{body.rstrip()}\n\n-- \n{text}\n" if text else body
