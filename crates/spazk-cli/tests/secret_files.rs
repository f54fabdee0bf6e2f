//! Attacks on the owner's secret file (issue 15): no file that `spazk commit` or
//! `spazk prove` writes may replace the secret, however its path is spelled. Each case exits 2
//! before any work, naming both files, and leaves the secret (or its absence) as it was. And
//! `spazk commit`'s files are written together or not at all.

mod harness;

use harness::*;

/// One refused `prove`: `--secret`, `--output`, `--proof`, extra flags, the file the message
/// names as written, and what that file is.
type Case<'a> = (&'a str, &'a str, &'a str, Vec<&'a str>, &'a str, &'a str);

/// Asserts `out` exits 2 with the message naming `written` as `what` over `secret`.
fn assert_refused(out: &std::process::Output, written: &str, what: &str, secret: &str) {
    assert_exit(
        out,
        2,
        &format!(
            "{written}: the {what} would be written over the owner's secret {secret}; name \
             another file"
        ),
    );
}

/// Attack: `spazk commit --proving-key` naming the owner's secret (the default
/// `<out>.secret`). Before the fix the secret was written, then the proving key renamed over
/// it: exit 0, the secret path printed, no secret left — the commitment could never be proved.
#[test]
fn commit_refuses_a_proving_key_over_the_secret() {
    let dir = scratch("a3-pk-secret");
    let run = Run::mnist(&dir, "input-0.json");
    let secret = run.secret();
    let out = run.commit_zk(&["--proving-key", &secret]);
    assert_refused(&out, &secret, "proving key", &secret);
    assert!(!std::path::Path::new(&secret).exists());
    assert!(!std::path::Path::new(&run.commitment).exists());
    // Another spelling of the same file, through `..`.
    std::fs::create_dir_all(dir.join("sub")).unwrap();
    let spelled = path(&dir, "sub/../m.spzc.secret");
    let out = run.commit_zk(&["--proving-key", &spelled]);
    assert_refused(&out, &spelled, "proving key", &secret);
}

/// Attack: `--secret` naming the commitment through another spelling of its path
/// (`dir/sub/../m.spzc` for `--out dir/m.spzc`). Before the fix only equal paths were refused:
/// the secret was written, then the commitment renamed over it (exit 0, secret lost).
#[test]
fn commit_refuses_a_secret_that_is_the_commitment_spelled_otherwise() {
    let dir = scratch("a3-secret-out");
    std::fs::create_dir_all(dir.join("sub")).unwrap();
    let run = Run::mnist(&dir, "input-0.json");
    let spelled = path(&dir, "sub/../m.spzc");
    let out = run.commit_zk(&["--secret", &spelled]);
    assert_exit(
        &out,
        2,
        &format!("{spelled}: the owner's secret and the commitment must be different files"),
    );
    assert!(!std::path::Path::new(&run.commitment).exists());
}

/// Attack: `spazk prove --secret S` with `--proof`, `--output` or `--input-commitment` naming
/// `S` (directly, through `..`, or through a symbolic link to it). Before the fix the proof was
/// renamed over the secret (exit 0): the commitment could never be proved again.
#[test]
fn prove_refuses_outputs_over_the_secret() {
    let dir = scratch("a3-prove-secret");
    let run = Run::mnist(&dir, "input-0.json");
    let out = run.commit_zk(&[]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let secret = run.secret();
    let kept = std::fs::read(&secret).unwrap();
    std::fs::create_dir_all(dir.join("sub")).unwrap();
    let spelled = path(&dir, "sub/../m.spzc.secret");
    let linked = path(&dir, "link.secret");
    #[cfg(unix)]
    std::os::unix::fs::symlink(&secret, &linked).unwrap();
    let private = ["--input-visibility", "private", "--input-commitment"];
    let cases: Vec<Case<'_>> = vec![
        (&secret, &run.output, &secret, vec![], &secret, "proof"),
        (&secret, &spelled, &run.proof, vec![], &spelled, "output"),
        (
            &secret,
            &run.output,
            &run.proof,
            [&private[..], &[&spelled]].concat(),
            &spelled,
            "input commitment",
        ),
        // The secret named through a link, the proof aimed at the file it reaches.
        #[cfg(unix)]
        (&linked, &run.output, &secret, vec![], &secret, "proof"),
    ];
    for (named, output, proof, extra, written, what) in cases {
        let model = fixture(MNIST);
        let mut args = vec![
            "prove",
            "--model",
            &model,
            "--input",
            &run.input,
            "--commitment",
            &run.commitment,
            "--secret",
            named,
            "--output",
            output,
            "--proof",
            proof,
        ];
        args.extend(extra);
        let out = spazk(&args);
        assert_refused(&out, written, what, named);
        assert_eq!(std::fs::read(&secret).unwrap(), kept);
    }
    // Control: the same prove with its own files works.
    let out = run.prove_zk(&[]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
}

/// `spazk commit` writes the commitment and its proving key as one step: a key that cannot be
/// written (its directory does not exist) leaves the commitment that was at `--out` as it was
/// and no secret (it would open nothing); a proving key named as the commitment is refused.
#[test]
fn commit_writes_its_files_together_or_not_at_all() {
    let dir = scratch("a3-together");
    let run = Run::mnist(&dir, "input-0.json");
    std::fs::write(&run.commitment, b"an earlier commitment").unwrap();
    let missing = path(&dir, "no-such-dir/m.spzk");
    let out = run.commit_zk(&["--proving-key", &missing]);
    assert_exit(&out, 2, &format!("{missing}: cannot write"));
    assert_eq!(
        std::fs::read(&run.commitment).unwrap(),
        b"an earlier commitment"
    );
    assert!(!std::path::Path::new(&run.secret()).exists());
    let leftovers: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.contains(".tmp-"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");

    let out = run.commit_zk(&["--proving-key", &run.commitment]);
    assert_exit(
        &out,
        2,
        &format!(
            "{}: the proving key and the commitment must be different files",
            run.commitment
        ),
    );
    assert!(!std::path::Path::new(&run.secret()).exists());
}
