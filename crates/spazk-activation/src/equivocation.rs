//! The activation's sumcheck instances for mask equivocation tests (design.md §8 "Tests that
//! show it"), built from inputs `z` exactly as the provers build them, with the challenges
//! given instead of drawn: the limb method's zero-check (degree 4) and the pair method's
//! reduction (degree 2). Feature `test-util` only; the solve itself is the engine's
//! (`spazk_sumcheck::engine::masked::equivocation`).

use crate::error::ActivationError;
use crate::limbs::prover::{zero_check_instance, AdviceColumns, ZeroCheckChallenges};
use crate::limbs::witness;
use crate::pairs::{advice_columns, reduction_claim, reduction_instance, widths};
use crate::spec::{ActivationMethod, ActivationSpec};
use ark_bn254::Fr;
use spazk_field::evaluate_mle;
use spazk_logup::small_values_to_field;
use spazk_sumcheck::{ProductInstance, SumcheckInstance};

/// The limb method's zero-check over the rows of `z` with the challenges `β`, `ρ`, `γ`, the
/// range point `ρ_L` and the next layer's point (if any) given, and its sum.
pub fn zero_check(
    spec: &ActivationSpec,
    z: &[i64],
    (beta, rho, gamma): (Fr, &[Fr], Fr),
    range_point: &[Fr],
    output_point: Option<&[Fr]>,
) -> Result<(impl SumcheckInstance<Fr> + Clone, Fr), ActivationError> {
    spec.check()?;
    let w = witness(spec, z)?;
    let limbs: Vec<Vec<Vec<u32>>> = spec
        .decompositions()
        .iter()
        .zip(&w.values)
        .map(|(d, v)| d.decompose(v))
        .collect::<Result<_, _>>()?;
    let limbs: Vec<&[u32]> = limbs.iter().flatten().map(Vec::as_slice).collect();
    let mle = |column: &[u32], point: &[Fr]| {
        let field: Vec<Fr> = column.iter().map(|v| Fr::from(*v as u64)).collect();
        evaluate_mle(&field, point).ok_or(ActivationError::Shape {
            what: "point",
            expected: column.len().trailing_zeros() as usize,
            found: point.len(),
        })
    };
    let limb_values = limbs
        .iter()
        .map(|l| mle(l, range_point))
        .collect::<Result<Vec<Fr>, _>>()?;
    let outputs: Vec<u32> = w.values[2].iter().map(|a| *a as u32).collect();
    let output = match output_point {
        Some(point) => Some((point, mle(&outputs, point)?)),
        None => None,
    };
    let advice = AdviceColumns {
        spec,
        signs: &w.signs,
        saturations: &w.saturations,
        values: &w.values,
        limbs,
    };
    let challenges = ZeroCheckChallenges {
        beta,
        rho: rho.to_vec(),
        gamma,
    };
    Ok(zero_check_instance(
        &advice,
        &challenges,
        range_point,
        &limb_values,
        output,
    ))
}

/// The pair method's reduction over the rows of `z` (a shape that picks the pair method) with
/// `β`, `γ`, the lookup's point `ρ` and the next layer's point given, and its sum.
pub fn reduction(
    spec: &ActivationSpec,
    z: &[i64],
    (beta, gamma): (Fr, Fr),
    rho: &[Fr],
    output_point: &[Fr],
) -> Result<(ProductInstance<Fr>, Fr), ActivationError> {
    spec.check()?;
    let row_vars = z.len().trailing_zeros();
    let ActivationMethod::Pairs(table) = spec.method(row_vars) else {
        return Err(ActivationError::WrongActivationMethod);
    };
    let columns = advice_columns(spec, &table, z)?;
    let bits = widths(&table);
    let fields: [Vec<Fr>; 3] = [0, 1, 2].map(|k| small_values_to_field(&columns[k], bits[k]));
    let at = |k: usize, point: &[Fr]| evaluate_mle(&fields[k], point).unwrap_or_default();
    let offset = Fr::from(table.quotient_offset() as u64);
    let w = [
        at(0, rho) - offset + beta * at(2, rho),
        at(1, rho) + beta * beta,
    ];
    let sum = reduction_claim(&table, w, beta, gamma, Some(at(2, output_point)));
    let instance = reduction_instance(&columns, &fields, bits, (beta, gamma), rho, output_point);
    Ok((instance, sum))
}
