"""Type stubs of :mod:`spazk` (the functions are in the extension module ``spazk._native``)."""

import os
from typing import Optional, Tuple, Union

import numpy as np
import numpy.typing as npt

__version__: str
__all__ = [
    "BadInput",
    "ProofRejected",
    "SpazkError",
    "calibrate",
    "commit",
    "digest",
    "infer",
    "prove",
    "verify",
]

#: A file: a path (read as the ``spazk`` command reads it) or the file's bytes.
_FileArg = Union[str, "os.PathLike[str]", bytes]
#: Float inputs: an ``input.json`` file, or an array of shape ``(batch, inputs)`` or ``(inputs,)``.
_InputArg = Union[_FileArg, npt.ArrayLike]
#: Claimed outputs: an ``output.json`` file, or integer logits of shape ``(batch, outputs)``.
_OutputArg = Union[_FileArg, npt.ArrayLike]
#: A path to write to.
_PathArg = Union[str, "os.PathLike[str]"]

class SpazkError(Exception):
    """Any error of spazk; its message is the one the ``spazk`` command prints."""

class ProofRejected(SpazkError):
    """A proof was rejected (the ``spazk`` command exits 1)."""

class BadInput(SpazkError):
    """Bad usage or a bad input file or array (the ``spazk`` command exits 2)."""

def calibrate(
    model: _FileArg,
    data: _InputArg,
    *,
    ternarize: Optional[float] = None,
    input_scale: Optional[float] = None,
    out: Optional[_PathArg] = None,
) -> bytes:
    """Choose the input scale and each hidden layer's shift from sample data (``spazk calibrate``).

    Returns the settings file's bytes (JSON), for ``settings=``; writes them to ``out`` if given.
    """

def commit(
    model: _FileArg,
    *,
    settings: Optional[_FileArg] = None,
    ternarize: Optional[float] = None,
    input_scale: Optional[float] = None,
    out: Optional[_PathArg] = None,
) -> bytes:
    """Commit to a model's weights (``spazk commit --transparent``); returns its bytes."""

def digest(commitment: _FileArg) -> str:
    """The hex digest of a commitment, as ``spazk commit`` prints it."""

def prove(
    model: _FileArg,
    input: _InputArg,
    *,
    settings: Optional[_FileArg] = None,
    ternarize: Optional[float] = None,
    input_scale: Optional[float] = None,
    output: Optional[_PathArg] = None,
    proof: Optional[_PathArg] = None,
) -> Tuple[npt.NDArray[np.int64], bytes]:
    """Run the model on inputs and prove it (``spazk prove``): the logits and the proof's bytes.

    Writes ``output.json`` and the proof to ``output`` and ``proof`` if given.
    """

def verify(
    commitment: _FileArg,
    input: _InputArg,
    output: _OutputArg,
    proof: _FileArg,
    *,
    expect_digest: Optional[str] = None,
) -> str:
    """Check a proof (``spazk verify``): returns the commitment's digest, raises
    :class:`ProofRejected` if the proof is rejected, :class:`BadInput` for bad files or arrays."""

def infer(
    model: _FileArg,
    input: _InputArg,
    *,
    settings: Optional[_FileArg] = None,
    ternarize: Optional[float] = None,
    input_scale: Optional[float] = None,
) -> npt.NDArray[np.int64]:
    """Run the model on inputs without proving (``spazk infer``): the logits."""
