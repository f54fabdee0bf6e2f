//! `spazk bench`: one JSON row per protocol and operation, threads reported, committed rows.

mod harness;

use harness::*;

/// `spazk bench matvec --samples 1 --json` with `args` after `matvec`: the rows it prints.
fn matvec_rows(args: &[&str]) -> Vec<serde_json::Value> {
    let mut all = vec!["bench", "matvec"];
    all.extend_from_slice(args);
    all.extend(["--samples", "1", "--json"]);
    json_lines(&all)
}

#[test]
fn bench_matvec_prints_one_json_row_per_protocol() {
    let rows = matvec_rows(&["--log-size", "6", "--density", "0.25"]);
    let names: Vec<&str> = rows
        .iter()
        .map(|r| r["protocol"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["dense", "sparse", "ternary", "gkr"]);
    for row in &rows {
        assert_eq!(row["verified"], true);
        assert_eq!(row["log_size"], 6);
        assert_eq!(row["committed"], false);
        assert_eq!(row["zk"], false);
        assert!(row["threads"].as_u64().unwrap() >= 1);
        assert!(row["nnz"].as_u64().unwrap() > 0);
        for key in ["prove_ms", "verify_ms", "peak_rss_mib"] {
            assert!(row[key].as_f64().unwrap() >= 0.0, "{key}");
        }
    }
    // The three SpaZK kinds prove the same statement with the same proof; GKR reports its layers.
    assert!(rows[..3]
        .iter()
        .all(|r| r["proof_bytes"] == rows[0]["proof_bytes"]));
    assert!(rows[3]["witness_ms"].as_f64().is_some() && rows[3]["layers"].as_array().is_some());
}

#[test]
fn protocols_select_rows_and_threads_are_reported() {
    let rows = matvec_rows(&[
        "--log-size",
        "5",
        "--density",
        "1/16",
        "--protocols",
        "ternary",
        "--threads",
        "1",
    ]);
    assert_eq!(rows.len(), 1);
    let row = &rows[0];
    assert_eq!(row["protocol"], "ternary");
    assert_eq!(row["threads"], 1);
    assert_eq!(row["density"], 0.0625);
}

#[test]
fn bench_hyrax_prints_every_op_with_baselines() {
    for values in ["ternary", "u16"] {
        let rows = json_lines(&[
            "bench",
            "hyrax",
            "--num-vars",
            "10",
            "--density",
            "1/4",
            "--values",
            values,
            "--samples",
            "1",
            "--json",
        ]);
        let ops: Vec<&str> = rows.iter().map(|r| r["op"].as_str().unwrap()).collect();
        assert_eq!(
            ops,
            [
                "commit",
                "baseline_commit",
                "open",
                "verify",
                "baseline_verify"
            ]
        );
        assert!(rows
            .iter()
            .all(|r| r["values"] == values && r["num_vars"] == 10));
        assert!(rows[3]["proof_bytes"].as_u64().unwrap() > 0);
    }
}

#[test]
fn committed_matvec_rows() {
    let rows = matvec_rows(&["--log-size", "6", "--density", "0.25", "--committed"]);
    assert_eq!(rows.len(), 4);
    for row in &rows[..3] {
        assert_eq!(row["committed"], true);
        assert_eq!(row["verified"], true);
    }
    assert!(rows[3]["skipped"].as_str().unwrap().contains("GKR"));
}

#[test]
fn zero_knowledge_matvec_rows() {
    let rows = matvec_rows(&[
        "--log-size",
        "6",
        "--density",
        "0.25",
        "--committed",
        "--zk",
    ]);
    assert_eq!(rows.len(), 4);
    for row in &rows {
        assert_eq!(row["zk"], true, "{row}");
    }
    for row in &rows[..3] {
        assert_eq!(row["committed"], true);
        assert_eq!(row["verified"], true);
        assert!(row["proof_bytes"].as_u64().unwrap() > 0);
    }
    // The committed transparent rows say zk: false; --zk needs --committed.
    let rows = matvec_rows(&[
        "--log-size",
        "5",
        "--density",
        "0.25",
        "--committed",
        "--protocols",
        "ternary",
    ]);
    assert_eq!(rows[0]["zk"], false);
    let out = spazk(&[
        "bench",
        "matvec",
        "--log-size",
        "5",
        "--density",
        "0.25",
        "--zk",
    ]);
    assert_eq!(code(&out), 2, "{}", stderr(&out));
}

#[test]
fn mlp_rows_say_whether_they_are_zero_knowledge() {
    for zk in [false, true] {
        let mut args = vec![
            "bench",
            "mlp",
            "--arch",
            "64-32-10",
            "--density",
            "0.25",
            "--batch",
            "2",
            "--samples",
            "1",
            "--json",
        ];
        if zk {
            args.push("--zk");
        }
        let rows = json_lines(&args);
        assert_eq!(rows.len(), 1);
        let row = &rows[0];
        assert_eq!(row["zk"], zk, "{row}");
        assert_eq!(row["verified"], true);
        assert!(row["proof_bytes"].as_u64().unwrap() > 0);
        let phase = if zk { "sigma" } else { "advice_commit" };
        assert!(row["phases_ms"][phase].as_f64().unwrap() > 0.0, "{row}");
    }
}
