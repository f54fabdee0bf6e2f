//! The exporter fixtures (fixtures/exporters, written by scripts/make_exporter_fixtures.py) as
//! the importer and calibration tests read them: the files, their JSON, rows of numbers and the
//! argmax the agreement figures count.
// Each test file compiles this module on its own and uses a part of it.
#![allow(dead_code)]

/// The bytes of `fixtures/exporters/<name>`.
pub fn fixture(name: &str) -> Vec<u8> {
    let path = format!(
        "{}/../../fixtures/exporters/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// `fixtures/exporters/<name>` read as JSON.
pub fn json(name: &str) -> serde_json::Value {
    serde_json::from_slice(&fixture(name)).unwrap()
}

/// The rows of the array of arrays `json[key]`, each number read by `read`.
pub fn rows<T>(
    json: &serde_json::Value,
    key: &str,
    read: impl Fn(&serde_json::Value) -> Option<T>,
) -> Vec<Vec<T>> {
    json[key]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            r.as_array()
                .unwrap()
                .iter()
                .map(|v| read(v).unwrap())
                .collect()
        })
        .collect()
}

/// The float rows of `json[key]`.
pub fn float_rows(json: &serde_json::Value, key: &str) -> Vec<Vec<f64>> {
    rows(json, key, serde_json::Value::as_f64)
}

/// Index of the largest entry (the first of equals).
pub fn argmax<T: PartialOrd>(v: &[T]) -> usize {
    (1..v.len()).fold(0, |best, i| if v[i] > v[best] { i } else { best })
}
