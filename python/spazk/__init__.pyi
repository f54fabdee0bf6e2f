"""Type stubs of :mod:`spazk` (the functions are in the extension module ``spazk._native``)."""

import os
from typing import Literal, Optional, Tuple, Union, overload

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
    secret: Optional[_PathArg] = None,
    transparent: bool = False,
    bias_bits: Optional[int] = None,
    shape_bounds: bool = False,
) -> bytes:
    """Commit to a model's weights (``spazk commit``): hiding (zero-knowledge) by default.

    Returns the commitment's bytes; writes them to ``out`` if given. A hiding commitment writes
    the owner's secret (which ``prove(secret=...)`` needs) to ``secret``, default
    ``<out>.secret``: mode 0600, never overwritten (an existing file raises :class:`BadInput`);
    with neither ``secret`` nor ``out``, :class:`BadInput`. The secret is never returned.
    ``bias_bits``: the declared bias bound (1 to 40). ``shape_bounds=True``: activation bounds
    from the shapes (nothing of the weights public; larger proofs; needs calibrated shifts).
    ``transparent=True``: a transparent commitment (proofs not zero-knowledge), no secret.
    """

def digest(commitment: _FileArg) -> str:
    """The hex digest of a commitment, as ``spazk commit`` prints it."""

@overload
def prove(
    model: _FileArg,
    input: _InputArg,
    *,
    settings: Optional[_FileArg] = None,
    ternarize: Optional[float] = None,
    input_scale: Optional[float] = None,
    output: Optional[_PathArg] = None,
    proof: Optional[_PathArg] = None,
    commitment: Optional[_FileArg] = None,
    secret: Optional[_FileArg] = None,
    input_visibility: Literal["public"] = "public",
    input_commitment: None = None,
) -> Tuple[npt.NDArray[np.int64], bytes]:
    """Run the model on inputs and prove it (``spazk prove``): the logits and the proof's bytes.

    Writes ``output.json`` and the proof to ``output`` and ``proof`` if given. With ``secret``
    (the owner's secret of the hiding ``commitment``) the proof is zero-knowledge; without, it
    is transparent (and ``commitment``, if given, must be transparent).
    """

@overload
def prove(
    model: _FileArg,
    input: _InputArg,
    *,
    settings: Optional[_FileArg] = None,
    ternarize: Optional[float] = None,
    input_scale: Optional[float] = None,
    output: Optional[_PathArg] = None,
    proof: Optional[_PathArg] = None,
    commitment: Optional[_FileArg] = None,
    secret: Optional[_FileArg] = None,
    input_visibility: Literal["private"],
    input_commitment: Optional[_PathArg] = None,
) -> Tuple[npt.NDArray[np.int64], bytes, bytes]:
    """A zero-knowledge proof on private inputs (needs ``commitment`` and ``secret``): the
    logits, the proof's bytes and the inputs' commitment (written to ``input_commitment`` if
    given), which :func:`verify` takes instead of the inputs."""

@overload
def prove(
    model: _FileArg,
    input: _InputArg,
    *,
    settings: Optional[_FileArg] = None,
    ternarize: Optional[float] = None,
    input_scale: Optional[float] = None,
    output: Optional[_PathArg] = None,
    proof: Optional[_PathArg] = None,
    commitment: Optional[_FileArg] = None,
    secret: Optional[_FileArg] = None,
    input_visibility: str = "public",
    input_commitment: Optional[_PathArg] = None,
) -> Union[Tuple[npt.NDArray[np.int64], bytes], Tuple[npt.NDArray[np.int64], bytes, bytes]]:
    """:func:`prove` with the visibility not known statically."""

def verify(
    commitment: _FileArg,
    input: Optional[_InputArg],
    output: _OutputArg,
    proof: _FileArg,
    *,
    expect_digest: Optional[str] = None,
    input_commitment: Optional[_FileArg] = None,
) -> str:
    """Check a proof (``spazk verify``) in the commitment's mode: returns the commitment's
    digest, raises :class:`ProofRejected` if the proof is rejected (a proof of the other mode
    included), :class:`BadInput` for bad files or arrays. A private input's proof is checked
    with ``input=None`` and ``input_commitment`` (what :func:`prove` returned third)."""

def infer(
    model: _FileArg,
    input: _InputArg,
    *,
    settings: Optional[_FileArg] = None,
    ternarize: Optional[float] = None,
    input_scale: Optional[float] = None,
) -> npt.NDArray[np.int64]:
    """Run the model on inputs without proving (``spazk infer``): the logits."""
