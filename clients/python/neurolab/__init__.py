"""NeuroLab OS from CPython notebooks: `lab = neurolab.Lab(url, token)`.

See the lab's README ("Python client") for a notebook-style tour."""
from .client import Lab, SpikeBatch
from .errors import CommandRefused, LabError, LabPermissionError, LabValueError, NotFound, SessionClosed
from .session import Receipt, RemoteSession, pulse

__all__ = ["Lab", "SpikeBatch", "RemoteSession", "Receipt", "pulse", "LabError", "CommandRefused", "LabValueError",
           "LabPermissionError", "NotFound", "SessionClosed"]
__version__ = "0.1.0"
