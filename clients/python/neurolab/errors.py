"""Errors with the lab's own words: what the REST API answered, as Python exceptions."""


class LabError(Exception):
    """A lab call failed; str(error) is what the lab said."""

    def __init__(self, message, status=None):
        super().__init__(message)
        self.status = status


class CommandRefused(LabError):
    """The command path refused the command (control's checks or a guard): nothing reached the culture."""

    def __init__(self, message, refused_by="", policies=(), status=403):
        super().__init__(message, status)
        self.refused_by = refused_by  # control, ethics, scheduling, dosing...
        self.policies = list(policies)  # policy ids the refusal names


class LabValueError(LabError, ValueError):
    """The lab found a value wrong (400): an unknown electrode, a negative amplitude, a bad time."""


class LabPermissionError(LabError, PermissionError):
    """Not logged in (401), or the account's roles do not allow this (403)."""


class NotFound(LabError, LookupError):
    """No such culture, recording, run or session (404)."""


class SessionClosed(LabError):
    """The remote session was closed (by its client, by the heartbeat watch, or by the lab) (410)."""


class DataLate(LabError):
    """The array's data did not become complete in time (503): the rig or instrument is behind. `needed_us` is the lab
    time the answer needed data up to, `complete_up_to_us` how far it was complete (None: nothing yet). Asking again
    later may work; GET /api/health says which array is behind."""

    def __init__(self, message, needed_us=None, complete_up_to_us=None, status=503):
        super().__init__(message, status)
        self.needed_us = needed_us
        self.complete_up_to_us = complete_up_to_us


class DataGapWarning(UserWarning):
    """Part of a window is a gap in the array's data (missing for good: a dropped connection, shed simulation time):
    its counts are not silence there."""


def from_response(response):
    """The exception for a failed HTTP answer, with the lab's message."""
    try:
        body = response.json()
    except ValueError:
        body = {}
    message = body.get("error") if isinstance(body, dict) else None
    if not message:
        message = "HTTP %d from %s: %s" % (response.status_code, response.url, response.text[:300])
    status = response.status_code
    if isinstance(body, dict) and body.get("late") is True:
        return DataLate(message, body.get("neededMicros"), body.get("completeUpToMicros"), status)
    if isinstance(body, dict) and "refusedBy" in body:
        return CommandRefused(message, body.get("refusedBy", ""), body.get("policies", ()), status)
    if status == 403 and message.startswith("refused"):
        return CommandRefused(message, _refused_by(message), (), status)
    if status == 400:
        return LabValueError(message, status)
    if status in (401, 403):
        return LabPermissionError(message, status)
    if status == 404:
        return NotFound(message, status)
    if status == 410:
        return SessionClosed(message, status)
    return LabError(message, status)


def _refused_by(message):
    # "refused by ethics: ..." -> "ethics"
    head = message.split(":", 1)[0]
    return head[len("refused by "):].strip() if head.startswith("refused by ") else ""
