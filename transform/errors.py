"""The one error type for input the pipeline cannot read.

A user who drops a wrong file in the inbox should learn from the message alone which file it was,
what is wrong with it and what Readout accepts instead, so the message is built from those three
parts and never from a bare exception text.
"""

from pathlib import Path

ACCEPTED = "Readout reads UTF-8 text dumps, .txt or .html article files"


class InputError(ValueError):
    """An input file or folder that cannot be read as articles.

    `str(error)` is "<path>: <problem>; <what to do>", e.g.
    "data/x.txt: not valid UTF-8 text (byte 0xe9 at offset 12); Readout reads UTF-8 text
    dumps, .txt or .html article files".
    """

    def __init__(self, path: str | Path, problem: str, hint: str = ACCEPTED) -> None:
        self.path = str(path)
        self.problem = problem
        self.hint = hint
        super().__init__(f"{self.path}: {problem}; {hint}")
