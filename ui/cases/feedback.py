"""Running a command from a dock that shows its own message when the command is refused."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ui.session import ProjectSession
    from workbench.commands import Command


def run_with_feedback(session: ProjectSession, command: Command) -> str | None:
    """Run ``command``; ``None`` when it was done, else the reason it was refused.

    The session still emits ``failed`` as usual, so the main window's status bar shows it too.
    """
    reasons: list[str] = []
    session.failed.connect(reasons.append)
    try:
        done = session.run(command)
    finally:
        session.failed.disconnect(reasons.append)
    if done:
        return None
    return reasons[0] if reasons else "The change could not be made."
