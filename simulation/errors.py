"""The one error type for bad input anywhere in nicsim.

Every layer raises :class:`InputError` for a problem the user can fix (a wrong key, an
out-of-range value, a malformed graph file). The command-line interface turns it into a
one-line message and exit code 2; any other exception is a bug and keeps its traceback.
"""


class InputError(ValueError):
    """Bad input that the user can fix; the message names the problem and the allowed values."""
