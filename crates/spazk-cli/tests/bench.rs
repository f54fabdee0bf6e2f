//! `spazk bench`: one JSON row per protocol and operation, threads reported, committed rows.

mod harness;

use harness::*;

#[test]
fn bench_matvec_prints_one_json_row_per_protocol() {
    let out = spazk(&[
        "bench",
        "matvec",
        "--log-size",
        "6",
        "--density",
        "0.25",
        "--samples",
        "1",
        "--json",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8(out.stdout).unwrap();
    let rows: Vec<serde_json::Value> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let names: Vec<&str> = rows
        .iter()
        .map(|r| r["protocol"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["dense", "sparse", "ternary", "gkr"]);
    for row in &rows {
        assert_eq!(row["verified"], true);
        assert_eq!(row["log_size"], 6);
        assert_eq!(row["committed"], false);
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
    let out = spazk(&[
        "bench",
        "matvec",
        "--log-size",
        "5",
        "--density",
        "1/16",
        "--protocols",
        "ternary",
        "--threads",
        "1",
        "--samples",
        "1",
        "--json",
    ]);
    assert!(out.status.success());
    let row: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(row["protocol"], "ternary");
    assert_eq!(row["threads"], 1);
    assert_eq!(row["density"], 0.0625);
}

#[test]
fn bench_hyrax_prints_every_op_with_baselines() {
    for values in ["ternary", "u16"] {
        let out = spazk(&[
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
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let rows: Vec<serde_json::Value> = String::from_utf8(out.stdout)
            .unwrap()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
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
    let out = spazk(&[
        "bench",
        "matvec",
        "--log-size",
        "6",
        "--density",
        "0.25",
        "--samples",
        "1",
        "--committed",
        "--json",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let rows: Vec<serde_json::Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(rows.len(), 4);
    for row in &rows[..3] {
        assert_eq!(row["committed"], true);
        assert_eq!(row["verified"], true);
    }
    assert!(rows[3]["skipped"].as_str().unwrap().contains("GKR"));
}
