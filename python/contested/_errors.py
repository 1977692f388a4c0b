"""Exceptions raised by contested (kept free of imports so the C++ module can raise them)."""


class ScenarioError(ValueError):
    """A scenario that does not validate.

    Raised by :func:`contested.run`, :func:`contested.validate` and
    :func:`contested.postures` with the engine's own message,
    ``FILE:LINE:COL: key: what is wrong (allowed: ...)``.

    Attributes
    ----------
    file : str
        The scenario file, or ``"<string>"`` / ``"<dict>"`` for a scenario given in memory.
    line, column : int
        1-based position of the offending value (0 when there is none, e.g. an unreadable file).
    key : str
        The dotted path of the key, e.g. ``nodes.kadena.runways[1].width_m``.
    problem : str
        What is wrong and what is allowed, without the position prefix.
    """

    def __init__(self, message, file="", line=0, column=0, key="", problem=""):
        super().__init__(message)
        self.file = file
        self.line = line
        self.column = column
        self.key = key
        self.problem = problem or message


ScenarioError.__module__ = "contested"
