//! `spazk demo`: until the MLP compiler lands, prove and verify a seeded 4096 × 4096 ternary
//! mat-vec at density 1/16 and print the figures.

use crate::Failure;
use spazk::field::Fr;
use spazk::sumcheck::matrix::random_field_vectors;
use spazk::sumcheck::{
    prove_matvec, verify_matvec, DenseMatrix, MatVecProof, MatVecStatement, Matrix, MatrixShape,
    PublicMatrix, TernaryMatrix, MATVEC_PROTOCOL,
};
use spazk::transcript::Transcript;
use std::time::Instant;

const LOG_SIZE: usize = 12;
const DENSITY: f64 = 1.0 / 16.0;
const SEED: u64 = 2024;

fn step(index: usize, text: &str) {
    eprintln!("[{index}/5] {text}");
}

/// Runs the demo.
pub fn run() -> Result<(), Failure> {
    let size = 1 << LOG_SIZE;
    let shape = MatrixShape::new(size, size);
    step(
        1,
        &format!("generating a seeded {size} × {size} ternary matrix at density 1/16"),
    );
    let matrix =
        TernaryMatrix::random(shape, DENSITY, SEED).map_err(|e| Failure::Usage(e.to_string()))?;
    let nnz = Matrix::<Fr>::nnz(&matrix);
    let public = PublicMatrix::new::<Fr>(matrix);

    step(2, "computing y = W·v for a random input (additions only)");
    let inputs = random_field_vectors::<Fr>(1, size, SEED + 1);
    let outputs = vec![public.inner().mul_vec(&inputs[0])];
    let statement = MatVecStatement {
        inputs: &inputs,
        outputs: &outputs,
    };

    step(3, "proving (ternary fold + degree-2 sumcheck)");
    let start = Instant::now();
    let proof = prove_matvec(&public, statement, &mut Transcript::new(MATVEC_PROTOCOL))
        .map_err(|e| Failure::Usage(e.to_string()))?;
    let prove_ms = start.elapsed().as_secs_f64() * 1e3;
    let bytes = proof.to_bytes();

    step(4, "verifying the serialized proof");
    let start = Instant::now();
    let decoded =
        MatVecProof::<Fr, ()>::from_bytes(&bytes).map_err(|e| Failure::Rejected(e.to_string()))?;
    verify_matvec(
        &public,
        statement,
        &decoded,
        &mut Transcript::new(MATVEC_PROTOCOL),
    )
    .map_err(|e| Failure::Rejected(e.to_string()))?;
    let verify_ms = start.elapsed().as_secs_f64() * 1e3;

    step(5, "proving the same matrix stored densely, for comparison");
    let dense = PublicMatrix::new::<Fr>(DenseMatrix::<Fr>::from(public.inner()));
    let start = Instant::now();
    prove_matvec(&dense, statement, &mut Transcript::new(MATVEC_PROTOCOL))
        .map_err(|e| Failure::Usage(e.to_string()))?;
    let dense_ms = start.elapsed().as_secs_f64() * 1e3;

    println!("SpaZK demo: {size} × {size} ternary mat-vec, density 1/16, seed {SEED}");
    println!("  nonzero weights     {nnz}");
    println!("  prove (ternary)     {prove_ms:.2} ms");
    println!(
        "  prove (dense)       {dense_ms:.2} ms  ({:.0}× slower)",
        dense_ms / prove_ms
    );
    println!(
        "  verify              {verify_ms:.2} ms  (includes evaluating W̃ from the public matrix)"
    );
    println!("  proof size          {} bytes", bytes.len());
    println!("  verified            yes");
    println!("  note: proofs are not zero-knowledge");
    Ok(())
}
