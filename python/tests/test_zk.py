"""Zero-knowledge mode from Python, as the `spazk` command has it: `commit` hides by default and
writes the owner's secret (mode 0600, never overwritten), `prove(secret=...)` makes a
zero-knowledge proof, `verify` takes the mode from the commitment, private inputs are verified
against their commitment; and the command line and Python accept each other's files."""

import json
import os
import stat
import subprocess

import numpy as np
import pytest

import spazk

# A proof file's first 8 bytes name its mode (the transparent and the zero-knowledge formats).
TRANSPARENT_MAGIC = b"SPAZKPRF"


@pytest.fixture(scope="module")
def settings(classifier, samples) -> bytes:
    """Settings calibrated on the samples with ternarization 0.7."""
    return spazk.calibrate(classifier, samples, ternarize=0.7)


@pytest.fixture(scope="module")
def hiding(classifier, settings, tmp_path_factory):
    """A hiding commitment written to m.spzc, its secret at the default m.spzc.secret."""
    d = tmp_path_factory.mktemp("zk")
    commitment = spazk.commit(classifier, settings=settings, out=d / "m.spzc")
    return d, commitment


@pytest.fixture(scope="module")
def transparent(classifier, settings) -> bytes:
    """The transparent commitment of the same model."""
    return spazk.commit(classifier, settings=settings, transparent=True)


@pytest.fixture(scope="module")
def zk_proved(classifier, settings, samples, hiding):
    """Inputs, logits and zero-knowledge proof of a batch of 2 (public inputs)."""
    d, _ = hiding
    x = samples[:2]
    logits, proof = spazk.prove(classifier, x, settings=settings, commitment=d / "m.spzc",
                                secret=d / "m.spzc.secret")
    return x, logits, proof


def mode_bits(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def test_zk_round_trip(classifier, settings, hiding, transparent, zk_proved):
    d, commitment = hiding
    x, logits, proof = zk_proved
    assert (d / "m.spzc").read_bytes() == commitment
    # Hiding and transparent commitments of one model differ, and so do their digests.
    assert commitment != transparent and spazk.digest(commitment) != spazk.digest(transparent)
    assert not proof.startswith(TRANSPARENT_MAGIC)
    # The same logits as plain inference: zero knowledge changes the proof, not the model.
    # (Loaded in hiding mode, calibrated shifts are kept, so the integer model is the same.)
    np.testing.assert_array_equal(logits, spazk.infer(classifier, x, settings=settings))
    digest = spazk.digest(commitment)
    assert spazk.verify(commitment, x, logits, proof, expect_digest=digest) == digest
    assert spazk.verify(d / "m.spzc", x, logits, proof) == digest
    forged = logits.copy()
    forged[0, 3] += 1
    with pytest.raises(spazk.ProofRejected, match=r"^proof rejected: <proof bytes>: "):
        spazk.verify(commitment, x, forged, proof)
    with pytest.raises(spazk.ProofRejected):
        spazk.verify(commitment, x[::-1].copy(), logits, proof)


def test_secret_and_commitment_as_bytes(classifier, settings, samples, hiding):
    d, commitment = hiding
    x = samples[5:6]
    logits, proof = spazk.prove(classifier, x, settings=settings, commitment=commitment,
                                secret=(d / "m.spzc.secret").read_bytes())
    assert spazk.verify(commitment, x, logits, proof) == spazk.digest(commitment)


def test_files_written_by_prove(classifier, settings, samples, hiding, tmp_path):
    d, commitment = hiding
    (tmp_path / "input.json").write_text(json.dumps({"input_data": samples[:1].tolist()}))
    logits, proof = spazk.prove(classifier, tmp_path / "input.json", settings=settings,
                                commitment=d / "m.spzc", secret=d / "m.spzc.secret",
                                output=tmp_path / "output.json", proof=tmp_path / "p.spzp")
    written = json.loads((tmp_path / "output.json").read_text())
    assert written["model_digest"] == spazk.digest(commitment)
    assert (tmp_path / "p.spzp").read_bytes() == proof
    assert spazk.verify(d / "m.spzc", tmp_path / "input.json", tmp_path / "output.json",
                        tmp_path / "p.spzp") == spazk.digest(commitment)


def test_secret_file_is_private_and_never_overwritten(classifier, settings, hiding, tmp_path):
    d, commitment = hiding
    assert mode_bits(d / "m.spzc.secret") == 0o600
    secret = (d / "m.spzc.secret").read_bytes()
    # Committing again to the same place: refused before any work, both files unchanged.
    with pytest.raises(spazk.BadInput,
                       match=r"m\.spzc\.secret: the owner's secret file exists; refusing"):
        spazk.commit(classifier, settings=settings, out=d / "m.spzc")
    assert (d / "m.spzc.secret").read_bytes() == secret
    assert (d / "m.spzc").read_bytes() == commitment
    # Likewise for an explicit secret path that exists (any file: it is never replaced).
    (tmp_path / "taken").write_text("mine")
    with pytest.raises(spazk.BadInput, match="refusing to overwrite"):
        spazk.commit(classifier, settings=settings, secret=tmp_path / "taken")
    assert (tmp_path / "taken").read_text() == "mine"
    # The secret and the commitment are different files.
    with pytest.raises(spazk.BadInput, match="must be different files"):
        spazk.commit(classifier, settings=settings, out=tmp_path / "c", secret=tmp_path / "c")
    assert not (tmp_path / "c").exists()


def test_hiding_commit_needs_a_place_for_the_secret(classifier, settings, tmp_path):
    with pytest.raises(spazk.BadInput, match=r"needs a file for the owner's secret.*secret="):
        spazk.commit(classifier, settings=settings)
    # secret= alone: the commitment is returned, only the secret written.
    commitment = spazk.commit(classifier, settings=settings, secret=tmp_path / "only.secret")
    assert mode_bits(tmp_path / "only.secret") == 0o600
    assert sorted(p.name for p in tmp_path.iterdir()) == ["only.secret"]
    assert len(spazk.digest(commitment)) == 64
    # A secret that opens this commitment, and no other.
    x = np.zeros((1, 64))
    logits, proof = spazk.prove(classifier, x, settings=settings, commitment=commitment,
                                secret=tmp_path / "only.secret")
    spazk.verify(commitment, x, logits, proof)


def test_commit_option_errors(classifier, settings, tmp_path):
    with pytest.raises(spazk.BadInput, match="transparent=True writes no secret"):
        spazk.commit(classifier, settings=settings, transparent=True, secret=tmp_path / "s")
    with pytest.raises(spazk.BadInput, match="transparent=True writes no secret"):
        spazk.commit(classifier, settings=settings, transparent=True, bias_bits=20)
    with pytest.raises(spazk.BadInput, match="transparent=True writes no secret"):
        spazk.commit(classifier, settings=settings, transparent=True, shape_bounds=True)
    for bad in (0, 41, -3):
        with pytest.raises(spazk.BadInput, match=f"--bias-bits {bad} must be between 1 and 40"):
            spazk.commit(classifier, settings=settings, out=tmp_path / "b.spzc", bias_bits=bad)
    # A bound below the model's biases is refused, naming the option, and leaves no file.
    with pytest.raises(spazk.BadInput, match=r"outside the declared bound 2\^1 "):
        spazk.commit(classifier, settings=settings, out=tmp_path / "b.spzc", bias_bits=1)
    assert list(tmp_path.iterdir()) == []
    # A wider declared bound than the default, and activation bounds from the shapes: a
    # commitment that proves and verifies.
    wide = spazk.commit(classifier, settings=settings, secret=tmp_path / "w.secret", bias_bits=24,
                        shape_bounds=True)
    x = np.full((1, 64), 0.5)
    logits, proof = spazk.prove(classifier, x, settings=settings, commitment=wide,
                                secret=tmp_path / "w.secret")
    assert spazk.verify(wide, x, logits, proof) == spazk.digest(wide)


def test_modes_are_not_mixed(classifier, settings, samples, hiding, transparent, zk_proved,
                             tmp_path):
    d, commitment = hiding
    x, logits, proof = zk_proved
    # A zero-knowledge proof against the transparent commitment, and a transparent proof
    # against the hiding one: rejected, naming the modes.
    with pytest.raises(spazk.ProofRejected, match="a zero-knowledge proof, but .* transparent"):
        spazk.verify(transparent, x, logits, proof)
    t_logits, t_proof = spazk.prove(classifier, x, settings=settings)
    assert t_proof.startswith(TRANSPARENT_MAGIC)
    with pytest.raises(spazk.ProofRejected, match="a transparent proof, but .* hiding"):
        spazk.verify(commitment, x, t_logits, t_proof)
    # Proving: a hiding commitment needs its secret, a transparent one has none, a secret needs
    # its commitment, and another commitment's secret is refused naming both.
    with pytest.raises(spazk.BadInput, match="pass --secret"):
        spazk.prove(classifier, x, settings=settings, commitment=commitment)
    with pytest.raises(spazk.BadInput, match="it has no secret"):
        spazk.prove(classifier, x, settings=settings, commitment=transparent,
                    secret=d / "m.spzc.secret")
    with pytest.raises(spazk.BadInput, match="--secret needs the hiding commitment"):
        spazk.prove(classifier, x, settings=settings, secret=d / "m.spzc.secret")
    spazk.commit(classifier, settings=settings, out=tmp_path / "other.spzc")
    with pytest.raises(spazk.BadInput, match=r"other\.spzc\.secret: not the owner's secret of"):
        spazk.prove(classifier, x, settings=settings, commitment=commitment,
                    secret=tmp_path / "other.spzc.secret")
    # A transparent commitment given to prove: used as the key, as `spazk prove --commitment`.
    t_logits2, t_proof2 = spazk.prove(classifier, x, settings=settings, commitment=transparent)
    assert spazk.verify(transparent, x, t_logits2, t_proof2) == spazk.digest(transparent)


def test_private_input_round_trip(classifier, settings, samples, hiding, transparent, tmp_path):
    d, commitment = hiding
    x = samples[10:12]
    logits, proof, committed = spazk.prove(
        classifier, x, settings=settings, commitment=d / "m.spzc", secret=d / "m.spzc.secret",
        input_visibility="private", input_commitment=tmp_path / "x.spzi")
    assert (tmp_path / "x.spzi").read_bytes() == committed
    np.testing.assert_array_equal(logits, spazk.infer(classifier, x, settings=settings))
    digest = spazk.digest(commitment)
    assert spazk.verify(commitment, None, logits, proof, input_commitment=committed) == digest
    assert spazk.verify(d / "m.spzc", None, logits, proof,
                        input_commitment=tmp_path / "x.spzi") == digest
    forged = logits.copy()
    forged[1, 0] -= 1
    with pytest.raises(spazk.ProofRejected):
        spazk.verify(commitment, None, forged, proof, input_commitment=committed)
    # Another input's commitment does not verify this proof.
    _, _, other = spazk.prove(classifier, samples[20:22], settings=settings, commitment=commitment,
                              secret=d / "m.spzc.secret", input_visibility="private")
    with pytest.raises(spazk.ProofRejected):
        spazk.verify(commitment, None, logits, proof, input_commitment=other)
    # Exactly one of input and input_commitment.
    with pytest.raises(spazk.BadInput, match="both given"):
        spazk.verify(commitment, x, logits, proof, input_commitment=committed)
    with pytest.raises(spazk.BadInput, match="input is None"):
        spazk.verify(commitment, None, logits, proof)
    # A transparent commitment takes its inputs in the clear.
    with pytest.raises(spazk.BadInput, match="a private input's commitment, but"):
        spazk.verify(transparent, None, logits, proof, input_commitment=committed)


def test_private_input_option_errors(classifier, settings, samples, hiding, tmp_path):
    d, commitment = hiding
    x = samples[:1]
    with pytest.raises(spazk.BadInput, match="needs a zero-knowledge proof"):
        spazk.prove(classifier, x, settings=settings, input_visibility="private")
    with pytest.raises(spazk.BadInput, match="written only with --input-visibility private"):
        spazk.prove(classifier, x, settings=settings, commitment=commitment,
                    secret=d / "m.spzc.secret", input_commitment=tmp_path / "x.spzi")
    with pytest.raises(spazk.BadInput, match=r'input_visibility "hidden": expected'):
        spazk.prove(classifier, x, settings=settings, input_visibility="hidden")
    assert list(tmp_path.iterdir()) == []


# --- parity with the command line (the binary as test_cli_parity.py finds it) -----------------

def cli(spazk_bin, *args):
    """Runs `spazk`; returns (exit code, stderr's `spazk: ` message or '')."""
    run = subprocess.run([spazk_bin, *map(str, args)], capture_output=True, text=True)
    last = [line for line in run.stderr.splitlines() if line.startswith("spazk: ")]
    return run.returncode, (last[-1][len("spazk: "):] if last else "")


@pytest.fixture(scope="module")
def zk_files(classifier, settings, samples, tmp_path_factory):
    """Settings and input files; a hiding commitment and a zero-knowledge proof (public and
    private input) written by Python."""
    d = tmp_path_factory.mktemp("zk-parity")
    (d / "settings.json").write_bytes(settings)
    (d / "input.json").write_text(json.dumps({"input_data": samples[:2].tolist()}))
    spazk.commit(classifier, settings=d / "settings.json", out=d / "py.spzc")
    spazk.prove(classifier, d / "input.json", settings=d / "settings.json",
                commitment=d / "py.spzc", secret=d / "py.spzc.secret",
                output=d / "py-output.json", proof=d / "py.spzp")
    spazk.prove(classifier, d / "input.json", settings=d / "settings.json",
                commitment=d / "py.spzc", secret=d / "py.spzc.secret",
                input_visibility="private", input_commitment=d / "py-input.spzi",
                output=d / "py-private-output.json", proof=d / "py-private.spzp")
    return d


def test_cli_verifies_what_python_proved_in_zero_knowledge(spazk_bin, zk_files):
    d = zk_files
    code, message = cli(spazk_bin, "verify", "--commitment", d / "py.spzc", "--input",
                        d / "input.json", "--output", d / "py-output.json", "--proof",
                        d / "py.spzp")
    assert (code, message) == (0, "")
    code, message = cli(spazk_bin, "verify", "--commitment", d / "py.spzc", "--input-commitment",
                        d / "py-input.spzi", "--output", d / "py-private-output.json",
                        "--proof", d / "py-private.spzp")
    assert (code, message) == (0, "")


def test_cli_proves_with_the_secret_python_wrote(spazk_bin, classifier, zk_files, tmp_path):
    d = zk_files
    code, _ = cli(spazk_bin, "prove", "--model", classifier, "--settings", d / "settings.json",
                  "--input", d / "input.json", "--commitment", d / "py.spzc", "--secret",
                  d / "py.spzc.secret", "--output", tmp_path / "o.json",
                  "--proof", tmp_path / "p.spzp")
    assert code == 0
    assert spazk.verify(d / "py.spzc", d / "input.json", tmp_path / "o.json",
                        tmp_path / "p.spzp") == spazk.digest(d / "py.spzc")


def test_python_verifies_what_the_cli_proved_in_zero_knowledge(spazk_bin, classifier, zk_files,
                                                               tmp_path):
    d = zk_files
    code, _ = cli(spazk_bin, "commit", "--model", classifier, "--settings", d / "settings.json",
                  "--out", tmp_path / "cli.spzc")
    assert code == 0
    assert mode_bits(tmp_path / "cli.spzc.secret") == 0o600
    common = ["--model", classifier, "--settings", d / "settings.json", "--input",
              d / "input.json", "--commitment", tmp_path / "cli.spzc", "--secret",
              tmp_path / "cli.spzc.secret"]
    code, _ = cli(spazk_bin, "prove", *common, "--output", tmp_path / "o.json",
                  "--proof", tmp_path / "p.spzp")
    assert code == 0
    digest = spazk.digest(tmp_path / "cli.spzc")
    assert spazk.verify(tmp_path / "cli.spzc", d / "input.json", tmp_path / "o.json",
                        tmp_path / "p.spzp") == digest
    code, _ = cli(spazk_bin, "prove", *common, "--output", tmp_path / "po.json",
                  "--proof", tmp_path / "pp.spzp", "--input-visibility", "private",
                  "--input-commitment", tmp_path / "x.spzi")
    assert code == 0
    assert spazk.verify(tmp_path / "cli.spzc", None, tmp_path / "po.json", tmp_path / "pp.spzp",
                        input_commitment=tmp_path / "x.spzi") == digest
    # Python proves with the secret the command line wrote, the command line verifies.
    spazk.prove(classifier, d / "input.json", settings=d / "settings.json",
                commitment=tmp_path / "cli.spzc", secret=tmp_path / "cli.spzc.secret",
                output=tmp_path / "o2.json", proof=tmp_path / "p2.spzp")
    code, message = cli(spazk_bin, "verify", "--commitment", tmp_path / "cli.spzc", "--input",
                        d / "input.json", "--output", tmp_path / "o2.json", "--proof",
                        tmp_path / "p2.spzp")
    assert (code, message) == (0, "")


def same_failure(spazk_bin, exc_type, call, *args):
    """`call()` raises `exc_type` with the message `spazk args…` prints, and the exit code fits."""
    code, message = cli(spazk_bin, *args)
    assert code == (1 if exc_type is spazk.ProofRejected else 2), message
    with pytest.raises(exc_type) as info:
        call()
    assert str(info.value) == message


def test_same_zero_knowledge_messages(spazk_bin, classifier, zk_files, tmp_path):
    d = zk_files
    # A transparent proof (and commitment) beside the hiding ones.
    spazk.commit(classifier, settings=d / "settings.json", out=tmp_path / "t.spzc",
                 transparent=True)
    spazk.prove(classifier, d / "input.json", settings=d / "settings.json",
                output=tmp_path / "t-output.json", proof=tmp_path / "t.spzp")
    # A zero-knowledge proof against the transparent commitment: exit 1.
    same_failure(spazk_bin, spazk.ProofRejected,
                 lambda: spazk.verify(tmp_path / "t.spzc", d / "input.json",
                                      tmp_path / "t-output.json", d / "py.spzp"),
                 "verify", "--commitment", tmp_path / "t.spzc", "--input", d / "input.json",
                 "--output", tmp_path / "t-output.json", "--proof", d / "py.spzp")
    # A transparent proof against the hiding commitment: exit 1.
    same_failure(spazk_bin, spazk.ProofRejected,
                 lambda: spazk.verify(d / "py.spzc", d / "input.json", d / "py-output.json",
                                      tmp_path / "t.spzp"),
                 "verify", "--commitment", d / "py.spzc", "--input", d / "input.json",
                 "--output", d / "py-output.json", "--proof", tmp_path / "t.spzp")
    # A private input's commitment against a transparent commitment: exit 2.
    same_failure(spazk_bin, spazk.BadInput,
                 lambda: spazk.verify(tmp_path / "t.spzc", None, d / "py-private-output.json",
                                      d / "py-private.spzp",
                                      input_commitment=d / "py-input.spzi"),
                 "verify", "--commitment", tmp_path / "t.spzc", "--input-commitment",
                 d / "py-input.spzi", "--output", d / "py-private-output.json",
                 "--proof", d / "py-private.spzp")
    # An existing secret is refused with the same words: exit 2.
    same_failure(spazk_bin, spazk.BadInput,
                 lambda: spazk.commit(classifier, settings=d / "settings.json",
                                      out=d / "py.spzc"),
                 "commit", "--model", classifier, "--settings", d / "settings.json",
                 "--out", d / "py.spzc")
    # A hiding commitment without its secret, and another commitment's secret: exit 2.
    prove = ["prove", "--model", classifier, "--settings", d / "settings.json", "--input",
             d / "input.json", "--output", tmp_path / "o.json", "--proof", tmp_path / "p.spzp"]
    same_failure(spazk_bin, spazk.BadInput,
                 lambda: spazk.prove(classifier, d / "input.json", settings=d / "settings.json",
                                     commitment=d / "py.spzc"),
                 *prove, "--commitment", d / "py.spzc")
    spazk.commit(classifier, settings=d / "settings.json", out=tmp_path / "other.spzc")
    same_failure(spazk_bin, spazk.BadInput,
                 lambda: spazk.prove(classifier, d / "input.json", settings=d / "settings.json",
                                     commitment=d / "py.spzc",
                                     secret=tmp_path / "other.spzc.secret"),
                 *prove, "--commitment", d / "py.spzc", "--secret", tmp_path / "other.spzc.secret")
    assert not (tmp_path / "p.spzp").exists()


def test_no_written_file_replaces_the_secret(classifier, settings, samples, hiding, tmp_path):
    """Attack (third review): a file `commit` or `prove` writes named as the owner's secret under
    another spelling of its path. Before the fix, `commit` compared the two paths as strings
    (`d/sub/../c` passed for `d/c`) and `prove` never compared them: the secret was replaced by
    the commitment or the proof, silently. Refused before any work, the secret unchanged."""
    d, commitment = hiding
    (tmp_path / "sub").mkdir()
    with pytest.raises(spazk.BadInput, match="must be different files"):
        spazk.commit(classifier, settings=settings, out=tmp_path / "c",
                     secret=tmp_path / "sub" / ".." / "c")
    assert not (tmp_path / "c").exists()
    secret_path = d / "m.spzc.secret"
    secret = secret_path.read_bytes()
    x = samples[:1]
    for where in ("output", "proof"):
        spelled = d / "sub" / ".." / "m.spzc.secret"
        (d / "sub").mkdir(exist_ok=True)
        with pytest.raises(spazk.BadInput,
                           match=rf"the {where} would be written over the owner's secret"):
            spazk.prove(classifier, x, settings=settings, commitment=d / "m.spzc",
                        secret=secret_path, **{where: spelled})
        assert secret_path.read_bytes() == secret
    with pytest.raises(spazk.BadInput,
                       match="the input commitment would be written over the owner's secret"):
        spazk.prove(classifier, x, settings=settings, commitment=d / "m.spzc",
                    secret=secret_path, input_visibility="private", input_commitment=secret_path)
    assert secret_path.read_bytes() == secret
