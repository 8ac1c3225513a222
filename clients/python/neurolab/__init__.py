"""NeuroLab OS from CPython notebooks: `lab = neurolab.Lab(url, token)`.

See the lab's README ("Python client") for a notebook-style tour."""
from .client import Lab, SpikeBatch
from .errors import CommandRefused, DataGapWarning, DataLate, LabError, LabPermissionError, LabValueError, NotFound, SessionClosed
from .session import Receipt, RemoteSession, WindowCounts, pulse

__all__ = ["Lab", "SpikeBatch", "RemoteSession", "Receipt", "WindowCounts", "pulse", "LabError", "CommandRefused", "LabValueError",
           "LabPermissionError", "NotFound", "SessionClosed", "DataLate", "DataGapWarning"]
__version__ = "0.1.0"
