"""SpaZK from Python: proofs of sparse and ternary neural-network inference.

Each function does what the ``spazk`` command of the same name does, with the same library code
and the same error messages: :class:`BadInput` where the command exits 2, :class:`ProofRejected`
where it exits 1 (both subclasses of :class:`SpazkError`). Files are paths (``str`` or
``os.PathLike``) or their ``bytes``; inputs may also be arrays of shape ``(batch, inputs)``, and
outputs the integer logits :func:`prove` returns.

Zero-knowledge by default, as the command: :func:`commit` makes a hiding commitment and writes
the owner's secret to a file (mode 0600, never overwritten); :func:`prove` with that secret makes
a zero-knowledge proof; :func:`verify` takes the mode from the commitment. ``transparent=True``
commits transparently, and :func:`prove` without a secret proves transparently.

>>> settings = spazk.calibrate("model.onnx", samples)          # settings JSON (bytes)
>>> commitment = spazk.commit("model.onnx", settings=settings, out="m.spzc")  # + m.spzc.secret
>>> logits, proof = spazk.prove("model.onnx", x, settings=settings,
...                             commitment="m.spzc", secret="m.spzc.secret")
>>> spazk.verify(commitment, x, logits, proof)                 # the digest, or raises
"""

from ._native import (
    BadInput,
    ProofRejected,
    SpazkError,
    calibrate,
    commit,
    digest,
    infer,
    prove,
    verify,
)

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
__version__ = "0.1.0"
